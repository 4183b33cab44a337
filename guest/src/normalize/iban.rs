//! IBANs, validated by `iban_validate` against the registry's per-country
//! layout and the ISO 7064 check digits.

use ::iban::{Iban, IbanLike, ParseBaseIbanError, ParseIbanError};

/// What an IBAN field says once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IbanReading {
    /// Valid: layout and check digits hold for its country.
    Valid {
        electronic: String,
        country: String,
        /// The national bank code inside it, where the registry says where
        /// it sits (BLZ in DE, sort-code letters in GB, ...).
        bank_code: Option<String>,
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
    /// The IBAN without spaces, upper case: one account, one key.
    pub fn electronic(&self) -> &str {
        match self {
            IbanReading::Valid { electronic, .. } | IbanReading::Invalid { electronic, .. } => {
                electronic
            }
        }
    }
}

/// Reads an IBAN field.
pub fn read(raw: &str) -> IbanReading {
    let electronic = super::destination::account_key(raw);
    match electronic.parse::<Iban>() {
        // `electronic` is the IBAN's electronic form already (upper case,
        // letters and digits only), so it is kept rather than copied.
        Ok(iban) => IbanReading::Valid {
            country: iban.country_code().to_string(),
            bank_code: iban.bank_identifier().map(str::to_string),
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
            let country = electronic
                .get(..2)
                .filter(|c| super::country::is_country(c))
                .map(str::to_string);
            IbanReading::Invalid {
                electronic,
                country,
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
            assert_eq!(
                read(raw),
                IbanReading::Valid {
                    electronic: "DE89370400440532013000".into(),
                    country: "DE".into(),
                    bank_code: Some("37040044".into()),
                },
                "{raw}"
            );
        }
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
        if let IbanReading::Invalid { country, .. } = bad_digits {
            assert_eq!(country.as_deref(), Some("DE"));
        }
        assert!(matches!(
            read("hello"),
            IbanReading::Invalid { country: None, .. }
        ));
    }
}
