//! IBANs, validated by `iban_validate` against the registry's per-country
//! layout and the ISO 7064 check digits.

use ::iban::{Iban, IbanLike, ParseBaseIbanError, ParseIbanError};
use arrayvec::ArrayString;

/// What an IBAN field says once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IbanReading {
    /// Valid: layout and check digits hold for its country.
    Valid {
        /// Inline: no IBAN is longer than 34 characters.
        electronic: ArrayString<34>,
        /// Where the national bank code sits in `electronic`, when the
        /// registry says (BLZ in DE, sort-code letters in GB, ...): its
        /// bytes `start..end`, so reading an IBAN copies nothing out.
        bank_code: Option<(u8, u8)>,
    },
    /// Not a valid IBAN; `country` is the two leading letters when they
    /// are a country code, so a broken IBAN can still tell where it points.
    Invalid {
        electronic: String,
        country: Option<String>,
        reason: &'static str,
    },
}

impl IbanReading {
    /// The country of a valid IBAN: its first two letters.
    pub fn valid_country(&self) -> Option<&str> {
        match self {
            IbanReading::Valid { electronic, .. } => electronic.get(..2),
            IbanReading::Invalid { .. } => None,
        }
    }

    /// The national bank code inside a valid IBAN, where the registry
    /// says where it sits.
    pub fn bank_code(&self) -> Option<&str> {
        match self {
            IbanReading::Valid {
                electronic,
                bank_code: Some((start, end)),
            } => electronic.get(usize::from(*start)..usize::from(*end)),
            _ => None,
        }
    }

    /// The IBAN without spaces, upper case: one account, one key.
    pub fn electronic(&self) -> &str {
        match self {
            IbanReading::Valid { electronic, .. } => electronic,
            IbanReading::Invalid { electronic, .. } => electronic,
        }
    }
}

/// Where the bank code `code` starts in `electronic`. iban_validate
/// slices it out of its own copy of the electronic form, so its offset
/// there is its offset here, checked; a search (a string searcher built
/// per IBAN) is left for a crate that ever copied it.
fn code_start(iban: &Iban, code: &str, electronic: &str) -> Option<usize> {
    let offset = (code.as_ptr() as usize).checked_sub(iban.electronic_str().as_ptr() as usize);
    match offset {
        Some(start) if electronic.get(start..start + code.len()) == Some(code) => Some(start),
        // The code's text is in the BBAN, after the country and check
        // digits; wherever it is first found there, it reads the same.
        _ => Some(4 + electronic.get(4..)?.find(code)?),
    }
}

/// The country code an IBAN's electronic form starts with, if any.
fn country_of(electronic: &str) -> Option<String> {
    electronic
        .get(..2)
        .filter(|c| super::country::is_country(c))
        .map(str::to_string)
}

/// Reads an IBAN field.
pub fn read(raw: &str) -> IbanReading {
    let Some(electronic) = super::destination::account_key_within::<34>(raw) else {
        // Longer than any IBAN: iban_validate's answer to it (its format
        // check), without asking it.
        let electronic = super::destination::account_key(raw);
        return IbanReading::Invalid {
            country: country_of(&electronic),
            electronic,
            reason: "not in IBAN format",
        };
    };
    match electronic.parse::<Iban>() {
        // `electronic` is the IBAN's electronic form already (upper case,
        // letters and digits only), so it is kept rather than copied.
        Ok(iban) => IbanReading::Valid {
            bank_code: iban.bank_identifier().and_then(|code| {
                let start = code_start(&iban, code, &electronic)?;
                Some((
                    u8::try_from(start).ok()?,
                    u8::try_from(start + code.len()).ok()?,
                ))
            }),
            electronic,
        },
        Err(err) => {
            let reason = match err {
                ParseIbanError::InvalidBaseIban { source } => match source {
                    ParseBaseIbanError::InvalidFormat => "not in IBAN format",
                    ParseBaseIbanError::InvalidChecksum => "check digits do not match",
                },
                ParseIbanError::InvalidBban(_) => "account part does not fit the country's layout",
                ParseIbanError::UnknownCountry(_) => "country does not issue IBANs",
            };
            IbanReading::Invalid {
                country: country_of(&electronic),
                electronic: electronic.to_string(),
                reason,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_valid_ibans_in_any_spacing_and_case() {
        for raw in [
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "de89 3704-0044 0532 0130 00",
        ] {
            let iban = read(raw);
            assert_eq!(iban.electronic(), "DE89370400440532013000", "{raw}");
            assert_eq!(iban.valid_country(), Some("DE"), "{raw}");
            assert_eq!(iban.bank_code(), Some("37040044"), "{raw}");
        }
    }

    #[test]
    fn an_iban_longer_than_any_is_not_in_iban_format() {
        // 34 characters, the most an IBAN has: read inline and judged.
        let longest = read("DE89 3704 0044 0532 0130 0012 3456 7890 12");
        assert_eq!(longest.electronic(), "DE89370400440532013000123456789012");
        // 35: no IBAN, said so without asking the parser.
        let longer = read("DE89 3704 0044 0532 0130 0012 3456 7890 123");
        assert_eq!(longer.electronic(), "DE893704004405320130001234567890123");
        assert!(matches!(
            &longer,
            IbanReading::Invalid {
                reason: "not in IBAN format",
                country: Some(c),
                ..
            } if c == "DE"
        ));
    }

    #[test]
    fn explains_invalid_ibans() {
        let bad_digits = read("DE88370400440532013000");
        assert!(matches!(
            bad_digits,
            IbanReading::Invalid {
                reason: "check digits do not match",
                ..
            }
        ));
        assert_eq!(
            (bad_digits.valid_country(), bad_digits.bank_code()),
            (None, None)
        );
        if let IbanReading::Invalid { country, .. } = bad_digits {
            assert_eq!(country.as_deref(), Some("DE"));
        }
        assert!(matches!(
            read("hello"),
            IbanReading::Invalid { country: None, .. }
        ));
    }
}
