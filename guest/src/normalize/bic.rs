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

/// Parses a BIC, ignoring surrounding spaces and case.
pub fn parse(raw: &str) -> Result<Bic, BicError> {
    let trimmed = raw.trim();
    if !(trimmed.len() == 8 || trimmed.len() == 11) || !trimmed.is_ascii() {
        return Err(BicError::Length);
    }
    let mut code = ArrayString::<11>::new();
    code.push_str(trimmed);
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
    }

    #[test]
    fn refuses_malformed_bics() {
        assert_eq!(parse("DEUTDEF"), Err(BicError::Length));
        assert_eq!(parse("DEU1DEFF"), Err(BicError::Institution));
        assert_eq!(parse("DEUTXXFF"), Err(BicError::Country));
        assert_eq!(parse("DEUTDEF!"), Err(BicError::Location));
        assert_eq!(parse("DEUTDEFF50_"), Err(BicError::Branch));
        assert_eq!(parse("DEUTDÉFF"), Err(BicError::Length));
    }
}
