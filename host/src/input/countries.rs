//! Country fields as payroll exports write them, read as the ISO 3166-1
//! alpha-2 codes the plugin takes: a code in any case ("de") and an
//! alpha-3 code ("DEU"), which names one country as surely. A country's
//! name, as keshvar knows it (its ISO short name or an unofficial one, in
//! English or another language: "Germany", "Deutschland", "UK"), is
//! refused naming the code to write instead: a name is not read silently
//! ("Georgia" in a US file is a state). Anything else is left as written
//! in capitals, for the plugin to refuse naming the field.

use payguard_model::letter_pairs::{PAIRS_COUNT, pair_index};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every country's names, lower case, with its alpha-2 code: the ISO short
/// name first, then the unofficial ones keshvar carries.
pub(crate) fn names() -> impl Iterator<Item = (String, String)> {
    keshvar::CountryIterator::new().flat_map(|c| {
        let code = c.alpha2().to_string();
        std::iter::once(c.iso_short_name())
            .chain(c.unofficial_name_list().iter().copied())
            .map(move |n| (n.to_lowercase(), code.clone()))
            .collect::<Vec<_>>()
    })
}

/// The alpha-2 code a country field stands for, as the module says, or
/// why a country's name is refused.
pub fn code_of(value: &str) -> Result<String, String> {
    // Nearly every file writes the code: answered by a table of them.
    let upper = match value.is_ascii() {
        true => value.to_ascii_uppercase(),
        false => value.to_uppercase(),
    };
    if is_alpha2(&upper) {
        return Ok(upper);
    }
    if value.len() == 3
        && let Ok(alpha3) = keshvar::Alpha3::try_from(value)
    {
        return Ok(keshvar::Alpha2::from(alpha3).to_string());
    }
    match by_name().get(value.to_lowercase().as_str()) {
        Some(Some(code)) => Err(format!(
            "{value:?} is a country's name, not its ISO 3166-1 code: write {code}"
        )),
        _ => Ok(upper),
    }
}

/// Whether `code` is an upper-case ISO 3166-1 alpha-2 code. keshvar
/// compares a code with each country's in turn: its countries are put
/// once in a table by letter pair ([`pair_index`]), then read from it.
fn is_alpha2(code: &str) -> bool {
    static CODES: OnceLock<Vec<bool>> = OnceLock::new();
    let codes = CODES.get_or_init(|| {
        let mut codes = vec![false; PAIRS_COUNT];
        for country in keshvar::CountryIterator::new() {
            if let Some(i) = pair_index(&country.alpha2().to_string()) {
                codes[i] = true;
            }
        }
        codes
    });
    pair_index(code).is_some_and(|i| codes[i])
}

/// Each name and the one country it names; none for a name of two.
fn by_name() -> &'static HashMap<String, Option<String>> {
    static BY_NAME: OnceLock<HashMap<String, Option<String>>> = OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut by_name: HashMap<String, Option<String>> = HashMap::new();
        for (name, code) in names() {
            by_name
                .entry(name)
                .and_modify(|known| {
                    if known.as_deref() != Some(code.as_str()) {
                        *known = None;
                    }
                })
                .or_insert(Some(code));
        }
        by_name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_alpha3_codes_read_as_codes() {
        for (written, code) in [
            ("DE", "DE"),
            ("de", "DE"),
            ("DEU", "DE"),
            ("deu", "DE"),
            ("USA", "US"),
            ("PHL", "PH"),
            ("XK", "XK"),
        ] {
            assert_eq!(code_of(written), Ok(code.into()), "{written}");
        }
    }

    #[test]
    fn a_countrys_name_is_refused_naming_its_code() {
        for (written, code) in [
            ("Germany", "DE"),
            ("GERMANY", "DE"),
            ("Deutschland", "DE"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("Côte d'Ivoire", "CI"),
        ] {
            let refused = code_of(written).unwrap_err();
            assert!(
                refused.ends_with(&format!("write {code}")),
                "{written}: {refused}"
            );
        }
        assert_eq!(
            code_of("Germany").unwrap_err(),
            "\"Germany\" is a country's name, not its ISO 3166-1 code: write DE"
        );
    }

    #[test]
    fn what_names_no_one_country_is_left_for_the_plugin_to_refuse() {
        assert_eq!(code_of("ZZ"), Ok("ZZ".into()));
        assert_eq!(code_of("Atlantis"), Ok("ATLANTIS".into()));
        assert_eq!(code_of("XYZ"), Ok("XYZ".into()));
        // A name that two countries share is not taken for either.
        let mut codes: HashMap<String, Vec<String>> = HashMap::new();
        for (name, code) in names() {
            codes.entry(name).or_default().push(code);
        }
        for (name, mut of) in codes {
            of.dedup();
            if of.len() > 1 && !is_alpha2(&name.to_uppercase()) {
                assert_eq!(code_of(&name), Ok(name.to_uppercase()), "{name}: {of:?}");
            }
        }
    }
}
