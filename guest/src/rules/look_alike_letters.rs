//! A word mixing scripts with letters that pass for another script's:
//! "Jоhn" with a Cyrillic "о" reads as John to a person and, once
//! transliterated, to the name checks too. Unicode TR39 calls these
//! mixed-script confusables. A name written wholly in one script (Cyrillic,
//! Greek, Han with kana) is ordinary writing and is not flagged. Names
//! only: such a letter in an IBAN, a BIC or a wallet already makes it
//! invalid, and that rule says so.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Evidence, Severity};
use unicode_security::MixedScript;
use unicode_security::mixed_script::is_potential_mixed_script_confusable_char;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "look-alike-letters",
        category: Category::HolderMismatch,
        severity: Severity::High,
        weight: 40,
        description: "A name's word mixes scripts with letters that pass for another script's (a Cyrillic \"о\" in \"Jоhn\"): a name made to look like someone else's.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let mut found: Vec<(&str, &str)> = Vec::new();
    let payout = ctx.payout;
    let names = [
        ("employee_name", Some(payout.employee_name.as_str())),
        ("account_holder", payout.account_holder.as_deref()),
    ];
    for (field, text) in names {
        let Some(text) = text.filter(|t| !t.is_ascii()) else {
            continue;
        };
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_ascii()
                && !word.is_single_script()
                && word.chars().any(is_potential_mixed_script_confusable_char)
            {
                found.push((field, word));
            }
        }
    }
    let (field, word) = *found.first()?;
    let mut hit = Hit::new(
        format!("The {field} field's word \"{word}\" mixes scripts with look-alike letters."),
        [],
    );
    for (field, word) in found {
        let letters: Vec<String> = word
            .chars()
            .filter(|c| !c.is_ascii())
            .map(|c| format!("{c} U+{:04X}", c as u32))
            .collect();
        hit.evidence.push(Evidence::new(field, word));
        hit.evidence.push(Evidence::new(
            format!("{field}-letters"),
            letters.join(", "),
        ));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn finds_a_cyrillic_letter_inside_a_latin_name() {
        let p = Payout {
            account_holder: Some("J\u{043E}hn Smith".into()),
            employee_name: "John Smith".into(),
            ..payout()
        };
        let hit = check("look-alike-letters", &p).unwrap();
        assert_eq!(evidence(&hit, "account_holder"), Some("J\u{043E}hn"));
        assert_eq!(
            evidence(&hit, "account_holder-letters"),
            Some("\u{043E} U+043E")
        );
    }

    #[test]
    fn names_wholly_in_one_script_are_ordinary_writing() {
        for name in [
            "Иван Петров",
            "Ελένη Παπαδοπούλου",
            "山田たろう",
            "김민준",
            "José Müller-Łukasiewicz",
            "Nguyễn Văn An",
            "محمد الراشد",
        ] {
            let p = Payout {
                employee_name: name.into(),
                account_holder: Some(name.into()),
                ..payout()
            };
            assert!(check("look-alike-letters", &p).is_none(), "{name}");
        }
    }
}
