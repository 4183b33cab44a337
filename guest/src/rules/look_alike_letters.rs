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
                && !in_one_scripts_blocks(word)
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

/// Blocks each of whose characters belongs to one script (or to every
/// script), by script: Latin (ASCII letters, Latin-1 Supplement's
/// letters, Latin Extended-A and -B, Latin Extended Additional), Cyrillic,
/// Greek (without Coptic), Han (CJK Unified Ideographs), Hangul syllables
/// and Arabic letters. The tests check each against unicode-security.
const SCRIPT_BLOCKS: [&[(char, char)]; 6] = [
    &[
        ('A', 'Z'),
        ('a', 'z'),
        ('\u{C0}', '\u{24F}'),
        ('\u{1E00}', '\u{1EFF}'),
    ],
    &[('\u{400}', '\u{4FF}')],
    &[
        ('\u{386}', '\u{386}'),
        ('\u{388}', '\u{38A}'),
        ('\u{38C}', '\u{38C}'),
        ('\u{38E}', '\u{3A1}'),
        ('\u{3A3}', '\u{3E1}'),
    ],
    &[('\u{4E00}', '\u{9FFF}')],
    &[('\u{AC00}', '\u{D7A3}')],
    &[('\u{620}', '\u{64A}')],
];

/// Whether `word`'s characters (ASCII digits aside, which belong to every
/// script) all lie in one script's [`SCRIPT_BLOCKS`]: then it is
/// single-script without asking Unicode's tables character by character,
/// which was most of this rule's cost on a name with diacritics.
fn in_one_scripts_blocks(word: &str) -> bool {
    let mut script = None;
    for c in word.chars().filter(|c| !c.is_ascii_digit()) {
        let found = SCRIPT_BLOCKS
            .iter()
            .position(|blocks| blocks.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)));
        match found {
            Some(s) if *script.get_or_insert(s) == s => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::{SCRIPT_BLOCKS, in_one_scripts_blocks};
    use crate::model::Payout;
    use crate::rules::testing::*;
    use unicode_security::MixedScript;
    use unicode_security::mixed_script::AugmentedScriptSet;

    #[test]
    fn every_character_of_a_scripts_blocks_is_of_that_script() {
        // Each character's script set contains the set of a letter of
        // that script alone, so any word of them resolves to a set that
        // still contains it: single-script.
        for (blocks, letter) in SCRIPT_BLOCKS.iter().zip(['a', 'д', 'λ', '王', '가', 'ب']) {
            let script = AugmentedScriptSet::for_char(letter);
            assert!(!script.is_all(), "{letter}");
            for &(lo, hi) in *blocks {
                for c in lo..=hi {
                    let mut both = script;
                    both.intersect_with(AugmentedScriptSet::for_char(c));
                    assert_eq!(both, script, "{c} U+{:04X} beside {letter}", c as u32);
                }
            }
        }
    }

    #[test]
    fn a_word_across_two_scripts_blocks_is_asked_of_unicode() {
        for (word, one) in [
            ("Łukasiewicz2", true),
            ("Дмитрий", true),
            ("J\u{043E}hn", false),
            ("Пetrov", false),
            ("王Wang", false),
            // Greek Extended and Coptic are in no block listed: asked too.
            ("Ἀλέξανδρος", false),
            ("Ⲁnna", false),
        ] {
            assert_eq!(in_one_scripts_blocks(word), one, "{word}");
            assert!(!one || word.is_single_script(), "{word}");
        }
    }

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
