//! The country an unstructured address line names: pain.001 files from
//! older systems give the creditor's address only as `AdrLine` text
//! ("Lenina 5, 690091 Vladivostok, Russia"). Names are keshvar's (ISO
//! short names and the unofficial names it carries, English and others).

use std::sync::OnceLock;

/// Every country name, lower case, with its ISO 3166-1 alpha-2 code;
/// longest first, so "Niger" does not take "Nigeria".
fn names() -> &'static [(String, String)] {
    static NAMES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<(String, String)> = crate::input::countries::names()
            .filter(|(name, _)| name.chars().count() > 3)
            .collect();
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        names.dedup();
        names
    })
}

/// The country `line` names last: a country name as a whole word, or an
/// ISO code as the whole line. A code at the end of a line is not taken:
/// "Denver CO 80202" is Colorado, not Colombia.
pub fn country_in(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed.len() == 2 && trimmed.bytes().all(|b| b.is_ascii_uppercase()) {
        return trimmed
            .parse::<iso_currency::Country>()
            .ok()
            .map(|_| trimmed.to_string());
    }
    let lower = line.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for (name, code) in names() {
        let Some(at) = lower.rfind(name.as_str()) else {
            continue;
        };
        let before = lower[..at].chars().next_back();
        let after = lower[at + name.len()..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        if whole && best.is_none_or(|(end, _)| at + name.len() > end) {
            best = Some((at + name.len(), code));
        }
    }
    best.map(|(_, code)| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_country_a_line_ends_with() {
        let of = |line| country_in(line);
        assert_eq!(
            of("Lenina 5, 690091 Vladivostok, Russia").as_deref(),
            Some("RU")
        );
        assert_eq!(of("DE").as_deref(), Some("DE"));
        assert_eq!(of("Abuja, Nigeria").as_deref(), Some("NG"));
        assert_eq!(of("Pyongyang, North Korea").as_deref(), Some("KP"));
        assert_eq!(of("Hauptstrasse 1").as_deref(), None);
        assert_eq!(of("Main St, Denver CO 80202").as_deref(), None);
        assert_eq!(
            of("Gerechtigkeitsgasse 8, Bern, Schweiz").as_deref(),
            Some("CH")
        );
    }
}
