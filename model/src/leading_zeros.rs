//! Numbers a spreadsheet wrote without their leading zeros. Excel reads an
//! id, an account or a routing number of digits as a number, so one
//! month's export has "000123" and the next "123": one value, whichever
//! side reads it (the rules' account keys, the host's history).

/// `text` without its leading zeros when it is digits alone ("0" stays
/// when it is all zeros); any other text, the empty one included, as it
/// is.
pub fn without_leading_zeros(text: &str) -> &str {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    match text.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_lose_their_leading_zeros_and_nothing_else_does() {
        assert_eq!(without_leading_zeros("000123"), "123");
        assert_eq!(without_leading_zeros("123"), "123");
        assert_eq!(without_leading_zeros("000"), "0");
        assert_eq!(without_leading_zeros(""), "");
        assert_eq!(without_leading_zeros("E-000123"), "E-000123");
        assert_eq!(without_leading_zeros(" 0123"), " 0123");
    }
}
