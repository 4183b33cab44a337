//! BIC (ISO 9362) codes.
//!
//! Written here rather than taken from a crate: the format is four lines of
//! ISO 9362 and no maintained crate covers it; the country part is checked
//! against ISO 3166 through `keshvar` like every other country code.

use arrayvec::ArrayString;

/// A BIC that has the ISO 9362 shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bic {
    /// Upper case, 8 or 11 characters: inline.
    pub code: ArrayString<11>,
}

impl Bic {
    /// The institution code, the first four letters ("TRWI").
    pub fn institution(&self) -> &str {
        &self.code[..4]
    }

    /// The country of the branch, letters 5 and 6.
    pub fn country(&self) -> &str {
        &self.code[4..6]
    }
}

/// Why a BIC was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BicError {
    Length,
    Institution,
    Country,
    Location,
    Branch,
}

impl BicError {
    /// A reviewer's wording of the fault.
    pub fn describe(self) -> &'static str {
        match self {
            BicError::Length => "a BIC has 8 or 11 characters",
            BicError::Institution => "the first four characters of a BIC are letters",
            BicError::Country => "characters 5-6 of a BIC are not an ISO country code",
            BicError::Location => "characters 7-8 of a BIC are letters or digits",
            BicError::Branch => "characters 9-11 of a BIC are letters or digits",
        }
    }
}

/// Parses a BIC, ignoring case and spaces, around it and inside it
/// ("COBA DE FF XXX", as letters and invoices group one).
pub fn parse(raw: &str) -> Result<Bic, BicError> {
    let trimmed = raw.trim();
    // Nearly every BIC is written whole: copied as it is.
    let mut code = ArrayString::<11>::new();
    if trimmed.len() <= 11 && !trimmed.contains(' ') {
        code.push_str(trimmed);
    } else {
        for part in trimmed.split(' ') {
            code.try_push_str(part).map_err(|_| BicError::Length)?;
        }
    }
    if !(code.len() == 8 || code.len() == 11) || !code.is_ascii() {
        return Err(BicError::Length);
    }
    code.make_ascii_uppercase();
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !code[..4].bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(BicError::Institution);
    }
    if !super::country::is_country(&code[4..6]) {
        return Err(BicError::Country);
    }
    if !alnum(&code[6..8]) {
        return Err(BicError::Location);
    }
    if !alnum(&code[8..]) {
        return Err(BicError::Branch);
    }
    Ok(Bic { code })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_8_and_11_character_bics() {
        let wise = parse("trwibeb1xxx").unwrap();
        assert_eq!((wise.institution(), wise.country()), ("TRWI", "BE"));
        assert_eq!(parse("DEUTDEFF").unwrap().country(), "DE");
        // Grouped by spaces, as letters and invoices write one.
        assert_eq!(
            parse(" coba de ff xxx ").unwrap().code.as_str(),
            "COBADEFFXXX"
        );
        assert_eq!(parse("TRWI BE B1").unwrap().institution(), "TRWI");
    }

    #[test]
    fn refuses_malformed_bics() {
        assert_eq!(parse("DEUTDEF"), Err(BicError::Length));
        assert_eq!(parse("DEU1DEFF"), Err(BicError::Institution));
        assert_eq!(parse("DEUTXXFF"), Err(BicError::Country));
        assert_eq!(parse("DEUTDEF!"), Err(BicError::Location));
        assert_eq!(parse("DEUTDEFF50_"), Err(BicError::Branch));
        assert_eq!(parse("DEUTDÉFF"), Err(BicError::Length));
        assert_eq!(parse("DEUTDEFF500X"), Err(BicError::Length));
        assert_eq!(parse(""), Err(BicError::Length));
    }
}
