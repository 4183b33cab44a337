//! Whether a payout's account holder is someone other than the employee:
//! read once, for the `holder-mismatch` rule and the holder roster key.

use crate::model::Payout;
use crate::normalize::name::{
    JOINT_MARKS, JOINT_WORDS, Name, cut_from, has_legal_form, holders, joins_holders, same_words,
};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// An account holder who is not the employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdParty {
    /// The holder as written, trimmed.
    pub written: String,
    /// The holder's reading; its key groups one holder across employees.
    pub name: Name,
    /// The holder carries a legal form: a company, not a person.
    pub company: bool,
}

/// Words that put a second party on an account: "Anna Schmidt obo Ivan
/// Petrov", "c/o", and trade names ("d/b/a", "trading as").
const PARTY_MARKERS: &[&str] = &[
    "o/b/o",
    "obo",
    "on behalf of",
    "c/o",
    "care of",
    "fbo",
    "for the benefit of",
    "for benefit of",
    "attn",
    "in trust for",
    "itf",
    "per pro",
    "d/b/a",
    "dba",
    "doing business as",
    "t/a",
    "trading as",
];

/// Alias markers, from the phrases OpenSanctions' `rigour` lists as
/// splitting one string into several names of one holder ("Anna Schmidt
/// f/k/a Anna Meyer" is one woman, by her maiden name too), and the words
/// German and Polish put where English and French put "née" (`rigour`
/// has none): German `geb.`, `geborene` (Duden, "geb.": geboren,
/// geborene) and Polish `z d.`, `z domu` (PWN's dictionary, "z domu":
/// a woman's family name before marriage; abbreviated "z d.").
const ALIAS_MARKERS: &[&str] = &[
    "a.k.a.",
    "a.k.a",
    "a/k/a",
    "aka",
    "also known as",
    "f/k/a",
    "fka",
    "formerly known as",
    "formerly",
    "nee",
    "née",
    "geb.",
    "geb",
    "geborene",
    "z d.",
    "z domu",
];

/// Whether `token` (lower-case ASCII, as a name's tokens are) is a word of
/// a party or alias marker, or joins a joint account's holders. (A joint
/// account's marks, `JOINT_MARKS`, also cut markers such as "c/o".)
fn is_marker_word(token: &str) -> bool {
    static WORDS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            PARTY_MARKERS
                .iter()
                .chain(ALIAS_MARKERS)
                .flat_map(|m| m.split(|c: char| !c.is_ascii_alphanumeric()))
                .chain(JOINT_WORDS)
                .collect()
        })
        .contains(token)
}

/// Who holds a payout's account besides the employee, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holders {
    /// The account holder, when it is not the employee.
    pub third_party: Option<ThirdParty>,
    /// The other holders of a joint account that is the employee's own
    /// ("Emma Vogel & Li Wei" for Emma Vogel: Li Wei): a facilitator may
    /// stand beside each persona on an account it controls, and then
    /// meets itself across them as a third-party holder does. Only a
    /// person with a given name and a surname is kept (a spouse's "Mrs
    /// Smith" or an initial names no one across employees). Empty,
    /// allocating nothing, for nearly every holder.
    pub co_holders: Vec<Name>,
}

/// The account holder, when it is given and is not the employee
/// ([`account_holders`]).
pub fn third_party(payout: &Payout) -> Option<ThirdParty> {
    account_holders(payout).third_party
}

/// Who holds the account besides the employee. A joint account naming
/// the employee among its holders is the employee's own (its other
/// holders are co-holders), and so is one naming the employee among
/// aliases; a holder that names the employee and another party ("obo",
/// "c/o", "dba") is a third party.
pub fn account_holders(payout: &Payout) -> Holders {
    let Some(written) = payout.account_holder.as_deref().map(str::trim) else {
        return Holders::default();
    };
    // Most holders are the employee's name as written: their own account,
    // whatever words the name holds, and no need to read either name or
    // look for other parties (unless a legal form makes it a company's).
    if written.eq_ignore_ascii_case(payout.employee_name.trim()) && !has_legal_form(written) {
        return Holders::default();
    }
    // Most other holders are the name's words in another order, case or
    // script ("WOJCIK LUKASZ" for Łukasz Wójcik): the employee's own, as
    // the reading below finds at about ten times the cost, unless a word
    // could make a second party, an alias or a joint account. Only an
    // ASCII holder: its words are then exactly where `split` looks for
    // markers.
    if written.is_ascii()
        && !written.contains(JOINT_MARKS)
        && same_words(written, &payout.employee_name, is_marker_word)
        && !has_legal_form(written)
    {
        return Holders::default();
    }
    read(written, &payout.employee_name)
}

/// The other holders of the joint account `written` that names the
/// employee ([`Holders::co_holders`]), given `written` cut at its party
/// markers (`parts`, as `read` cut it): none when nothing joins two
/// holders, when a party marker or a legal form makes it no joint
/// account, or when the employee is named once only ("Anna Schmidt f/k/a
/// Anna Meyer" is one woman).
fn co_holders(written: &str, parts: &[&str], employee: &Name) -> Vec<Name> {
    let [whole] = parts else {
        return Vec::new();
    };
    if !joins_holders(whole) || has_legal_form(written) {
        return Vec::new();
    }
    let mut others: Vec<Name> = Vec::new();
    for alias in split(whole, ALIAS_MARKERS) {
        let joint = holders(alias);
        if joint.len() < 2 || !joint.iter().any(|h| h.same_person(employee)) {
            continue;
        }
        for holder in joint {
            if holder.is_full() && !holder.same_person(employee) && !others.contains(&holder) {
                others.push(holder);
            }
        }
    }
    others
}

/// Whether `written`, which carries a legal form, carries one besides the
/// employee's own name words: Sas is a Hungarian and Polish surname as well
/// as a French form, Huf a German one as well as India's HUF, so "Maria
/// Sas" is Maria Sas's account, while "Rahul Sharma HUF" is his family's
/// and "Anna Schmidt Consulting Ltd" a company's. Rare: the holder's
/// common path never asks.
#[cold]
#[inline(never)]
fn form_besides(written: &str, employee_name: &str) -> bool {
    let key = |word: &str| -> String {
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let own: Vec<String> = employee_name.split_whitespace().map(key).collect();
    let rest: Vec<&str> = written
        .split_whitespace()
        .filter(|word| !own.contains(&key(word)))
        .collect();
    has_legal_form(&rest.join(" "))
}

/// [`account_holders`] read in full: `written` (trimmed) as a name, cut
/// at its markers, each part compared with `employee_name`.
fn read(written: &str, employee_name: &str) -> Holders {
    let third_party = |holder: ThirdParty| Holders {
        third_party: Some(holder),
        co_holders: Vec::new(),
    };
    let name = Name::parse(written);
    if name.is_empty() {
        return Holders::default();
    }
    // A company is a third party whoever else it names: the employee's
    // name would change nothing (reading it was most of a company
    // holder's 30,000 instructions). A form that is one of the employee's
    // own name words is their name.
    if name.is_company() && form_besides(written, employee_name) {
        return third_party(ThirdParty {
            written: written.to_string(),
            name: company_behind_markers(written).unwrap_or(name),
            company: true,
        });
    }
    // A name a payment system cut at its length is the whole name.
    if cut_from(written, employee_name) {
        return Holders::default();
    }
    let employee = Name::parse(employee_name);
    let is_employee = |part: &str| holders(part).iter().any(|h| h.same_person(&employee));
    let parts = split(written, PARTY_MARKERS);
    let others: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !split(part, ALIAS_MARKERS).into_iter().any(is_employee))
        .collect();
    if others.is_empty() {
        return Holders {
            third_party: None,
            co_holders: co_holders(written, &parts, &employee),
        };
    }
    // The key is the other party's, so one facilitator meets itself
    // across the employees it writes in front of its own name.
    let name = match others.as_slice() {
        [only] if parts.len() > 1 => Name::parse(only),
        _ => name,
    };
    third_party(ThirdParty {
        written: written.to_string(),
        name,
        company: false,
    })
}

/// The one company among the parties a marker cuts `written` into, as
/// its key: "Anna Schmidt obo Romashka OOO" and "Boris Koval c/o Romashka
/// OOO" are one facilitator, under the name of the company behind each
/// employee. None when no marker cuts it or more than one part is a
/// company: the holder is keyed whole.
fn company_behind_markers(written: &str) -> Option<Name> {
    let parts = split(written, PARTY_MARKERS);
    if parts.len() < 2 {
        return None;
    }
    let mut companies = parts
        .iter()
        .map(|part| Name::parse(part))
        .filter(Name::is_company);
    let only = companies.next()?;
    companies.next().is_none().then_some(only)
}

/// `written` cut at every marker that stands as words of its own.
fn split<'a>(written: &'a str, markers: &[&str]) -> Vec<&'a str> {
    let lower = written.to_lowercase();
    // Cutting `written` at offsets found in `lower` needs equal lengths; a
    // name whose lower case changes length is left whole.
    if lower.len() != written.len() {
        return vec![written];
    }
    let bytes = lower.as_bytes();
    let edge =
        |i: Option<usize>| i.is_none_or(|i| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric());
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for marker in markers {
        for start in occurrences(bytes, marker.as_bytes()) {
            let end = start + marker.len();
            let free = !cuts.iter().any(|(s, e)| start < *e && end > *s);
            if free && edge(start.checked_sub(1)) && edge(Some(end)) {
                cuts.push((start, end));
            }
        }
    }
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut from = 0;
    for (start, end) in cuts {
        parts.push(&written[from..start]);
        from = end;
    }
    parts.push(&written[from..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Where `marker` starts in `text`, from the left and without overlaps,
/// as `str::match_indices` finds it, but without building a string
/// searcher for each of the 28 markers on every holder (that was a sixth
/// of reading a holder).
fn occurrences<'a>(text: &'a [u8], marker: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let last = text.len().checked_sub(marker.len())?;
        let start =
            (from..=last).find(|&i| text[i] == marker[0] && text[i..].starts_with(marker))?;
        from = start + marker.len();
        Some(start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::payout;

    fn held_by(employee: &str, holder: &str) -> Option<ThirdParty> {
        third_party(&Payout {
            employee_name: employee.into(),
            account_holder: Some(holder.into()),
            ..payout()
        })
    }

    #[test]
    fn the_employee_in_any_spelling_is_no_third_party() {
        assert_eq!(held_by("José Müller", "JOSE MUELLER"), None);
        assert_eq!(held_by("José Müller", "Müller, José"), None);
        assert_eq!(held_by("José Müller", "J. Müller"), None);
        assert_eq!(held_by("Anna Schmidt", "Anna and Peter Schmidt"), None);
        assert_eq!(held_by("Peter Schmidt", "Anna & Peter Schmidt"), None);
        assert_eq!(held_by("Anna Schmidt", "  "), None);
    }

    fn co_held(employee: &str, holder: &str) -> Vec<String> {
        account_holders(&Payout {
            employee_name: employee.into(),
            account_holder: Some(holder.into()),
            ..payout()
        })
        .co_holders
        .iter()
        .map(Name::key)
        .collect()
    }

    #[test]
    fn a_joint_accounts_other_holders_are_its_co_holders() {
        assert_eq!(co_held("Emma Vogel", "Emma Vogel & Li Wei"), ["li wei"]);
        assert_eq!(co_held("Mia Roth", "LI WEI OR MIA ROTH"), ["li wei"]);
        assert_eq!(
            co_held("Anna Schmidt", "Anna and Peter Schmidt"),
            ["peter schmidt"]
        );
        assert_eq!(
            co_held("Jean Dupont", "Jean Dupont et Marie Martin"),
            ["marie martin"]
        );
        // No one besides the employee, or no one named in full.
        for (employee, holder) in [
            ("Anna Schmidt", "Anna Schmidt"),
            ("Jean Dupont", "M OU MME DUPONT JEAN"),
            ("John Smith", "Mr & Mrs J Smith"),
            ("John Smith", "John Smith & J Smith"),
            ("Anna Schmidt", "Anna Schmidt f/k/a Anna Meyer"),
            ("Anna Schmidt", "Anna Schmidt geb. Meyer"),
            ("Or Cohen", "Or Cohen"),
        ] {
            assert_eq!(co_held(employee, holder), Vec::<String>::new(), "{holder}");
        }
        // A joint account not the employee's, a party marker or a company:
        // a third party's, as `third_party` reads it.
        for (employee, holder) in [
            ("Anna Schmidt", "Li Wei & Chen Jie"),
            ("Anna Schmidt", "Anna Schmidt c/o Li Wei"),
            ("Anna Schmidt", "Anna Schmidt & Nova Staffing Ltd"),
        ] {
            assert_eq!(co_held(employee, holder), Vec::<String>::new(), "{holder}");
        }
    }

    #[test]
    fn the_shortcuts_answer_as_the_full_reading() {
        let employees = [
            "Łukasz Wójcik",
            "Jürgen Weiß",
            "王伟",
            "Anna Schmidt",
            "A. B.",
            "Dr. Anna Schmidt",
            "Kofi Aka",
            "Anna & Peter Schmidt",
            "Maria de la Cruz",
            "Дмитрий Иванов",
            "Ελένη Παπαδοπούλου",
            "Yuriy Tkachenko",
        ];
        let holders = [
            "Lukasz Wojcik",
            "WOJCIK, LUKASZ",
            "Juergen Weiss",
            "Jurgen Weiss",
            "Wei Wang",
            "Wang Wei",
            "SCHMIDT ANNA",
            "Anna Schmidt Ltd",
            "B A",
            "Anna Schmidt Dr",
            "AKA KOFI",
            "Peter Anna Schmidt",
            "Peter & Anna Schmidt",
            "Anna obo Schmidt",
            "Schmidt and Anna",
            "Cruz Maria de la",
            "Maria Delacruz",
            "Schmidt Anna Schmidt",
            "Dmitriy Ivanov",
            "IVANOV DMITRY",
            "Dmitrii Petrov",
            "D Ivanov",
            "Eleni Papadopoulou",
            "Iurii Tkatchenko",
            "Jurij Tkachenko Ivanov",
            "Anna Schmidt & Li Wei",
            "LI WEI OR ANNA SCHMIDT",
        ];
        for employee in employees {
            for holder in holders {
                let payout = Payout {
                    employee_name: employee.into(),
                    account_holder: Some(holder.into()),
                    ..payout()
                };
                assert_eq!(
                    account_holders(&payout),
                    read(holder, employee),
                    "{employee} / {holder}"
                );
            }
        }
    }

    #[test]
    fn the_employee_beside_another_party_is_a_third_party() {
        for holder in [
            "Anna Schmidt Ivan Petrov",
            "Anna Schmidt obo Ivan Petrov",
            "Ivan Petrov c/o Anna Schmidt",
            "ANNA SCHMIDT O/B/O IVAN PETROV",
            "Anna Schmidt dba Ivan Petrov",
        ] {
            let other = held_by("Anna Schmidt", holder).unwrap_or_else(|| panic!("{holder}"));
            if holder != "Anna Schmidt Ivan Petrov" {
                assert_eq!(other.name.key(), "ivan petrov", "{holder}");
            }
        }
        assert_eq!(
            held_by("Anna Schmidt", "Anna Schmidt aka Anna Schmitt"),
            None
        );
        assert_eq!(
            held_by("Anna Schmidt", "Anna Schmidt f/k/a Anna Meyer"),
            None
        );
        // Her birth name, as German and Polish accounts write it.
        for holder in [
            "Anna Schmidt geb. Müller",
            "SCHMIDT ANNA GEB MUELLER",
            "Anna Schmidt geborene Müller",
        ] {
            assert_eq!(held_by("Anna Schmidt", holder), None, "{holder}");
        }
        for holder in ["Anna Kowalska z d. Nowak", "ANNA KOWALSKA Z DOMU NOWAK"] {
            assert_eq!(held_by("Anna Kowalska", holder), None, "{holder}");
        }
        // The marker says whose birth name follows; another woman's
        // account is still hers.
        assert!(held_by("Anna Schmidt", "Maria Weber geb. Schmidt").is_some());
        assert_eq!(
            held_by("Boris Koval", "Boris Koval"),
            None,
            "obo inside no word"
        );
        assert_eq!(
            held_by("Kofi Aka", "KOFI AKA"),
            None,
            "a surname that is also an alias word, written as the employee's"
        );
    }

    #[test]
    fn a_company_behind_a_marker_is_keyed_by_its_own_name() {
        let one = held_by("Anna Schmidt", "Anna Schmidt obo Romashka OOO").unwrap();
        let two = held_by("Boris Koval", "ROMASHKA OOO c/o Boris Koval").unwrap();
        assert!(one.company && two.company);
        assert_eq!(one.name.key(), "ooo romashka");
        assert_eq!(two.name.key(), one.name.key());
        // Two companies: neither is the party alone.
        let both = held_by("Anna Schmidt", "Acme Ltd obo Romashka OOO").unwrap();
        assert_eq!(both.name.key(), "acme ltd obo ooo romashka");
        let plain = held_by("Anna Schmidt", "Nova Staffing LLC").unwrap();
        assert_eq!(plain.name.key(), "llc nova staffing");
    }

    #[test]
    fn a_form_that_is_the_employees_own_name_is_no_company() {
        assert_eq!(held_by("Maria Sas", "Maria Sas"), None);
        assert_eq!(held_by("Tomasz Spa", "SPA TOMASZ"), None);
        assert_eq!(held_by("Anna Huf", "Anna Huf"), None);
        let huf = held_by("Rahul Sharma", "Rahul Sharma HUF").unwrap();
        assert!(huf.company);
        let firm = held_by("Maria Sas", "Maria Sas Consulting SAS").unwrap();
        assert!(firm.company, "a form besides her name");
    }

    #[test]
    fn another_person_or_a_company_is() {
        let other = held_by("Anna Schmidt", "Li Wei").unwrap();
        assert!(!other.company);
        let firm = held_by("Anna Schmidt", "Anna Schmidt Consulting Ltd").unwrap();
        assert!(
            firm.company,
            "a company is a mismatch even with her name in it"
        );
    }

    #[test]
    fn markers_are_found_where_match_indices_finds_them() {
        for text in [
            "anna schmidt obo ivan petrov",
            "obobobo",
            "o/b/o/b/o c/oc/o",
            "née née",
            "kim née lee, a/k/a.k.a. kim",
            "anna kowalska z d. nowak z domu z d.z d.",
            "aka",
            "",
            "ak",
        ] {
            for marker in PARTY_MARKERS.iter().chain(ALIAS_MARKERS) {
                let expected: Vec<usize> = text.match_indices(marker).map(|(i, _)| i).collect();
                let found: Vec<usize> = occurrences(text.as_bytes(), marker.as_bytes()).collect();
                assert_eq!(found, expected, "{marker:?} in {text:?}");
            }
        }
    }
}
