//! Allowlist files: the `[[allow]]` entries reviewers collect (the report
//! page writes them), merged into one file with `payguard allowlist merge`.
//! Entries are read by the policy file's own reader, so a merged file is
//! exactly what `--policy` accepts.

use crate::model::{AllowEntry, Date, Policy};
use crate::policy_changes;
use crate::policy_file::PolicyFile;
use serde::Serialize;
use toml::value::Datetime;

/// An entry merge left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// "a.toml allow[2]".
    pub origin: String,
    pub entry: AllowEntry,
    /// "expired 2026-01-31", "duplicates b.toml allow[0]".
    pub why: String,
}

/// The merged entries and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    pub entries: Vec<AllowEntry>,
    pub dropped: Vec<Dropped>,
}

/// Reads the `[[allow]]` entries of one file; a file that sets anything
/// else is refused, so that a merge never drops a policy setting unseen.
pub fn read(name: &str, text: &str) -> Result<Vec<AllowEntry>, String> {
    let empty = Policy {
        review_threshold: 0,
        block_threshold: 0,
        rules: vec![],
        lists: vec![],
        parameters: vec![],
        allowlist: vec![],
        as_of: None,
    };
    let mut policy = PolicyFile::parse(name, text, empty.clone())?.policy;
    let entries = std::mem::take(&mut policy.allowlist);
    let others = policy_changes::changes(&empty, &policy);
    if !others.is_empty() {
        return Err(format!(
            "{name} sets more than [[allow]] entries ({}): merge takes allowlist files only",
            others.join("; ")
        ));
    }
    Ok(entries)
}

/// The key two entries are the same case by: employee, destination
/// (spaces and separators ignored; an IBAN in capitals, an e-mail handle in
/// small letters) and the set of rules.
fn key(entry: &AllowEntry) -> (Option<String>, Option<String>, Vec<String>) {
    let destination = entry.destination.as_ref().map(|d| {
        let compact: String = d
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/'))
            .collect();
        let bytes = compact.as_bytes();
        let iban_like = bytes.len() > 4
            && bytes[..2].iter().all(u8::is_ascii_alphabetic)
            && bytes[2..4].iter().all(u8::is_ascii_digit);
        if iban_like {
            compact.to_ascii_uppercase()
        } else if compact.contains('@') {
            compact.to_lowercase()
        } else {
            compact
        }
    });
    let mut rules = entry.rules.clone();
    rules.sort();
    rules.dedup();
    (
        entry.employee_id.as_ref().map(|e| e.trim().to_string()),
        destination,
        rules,
    )
}

/// Merges files' entries (name, entries) in order: an entry that expired
/// before `today` is dropped, and of entries for the same case the one
/// that lasts longest is kept.
pub fn merge(files: &[(String, Vec<AllowEntry>)], today: Date) -> Merged {
    let mut merged = Merged::default();
    let mut origins: Vec<String> = Vec::new();
    for (name, entries) in files {
        for (n, entry) in entries.iter().enumerate() {
            let origin = format!("{name} allow[{n}]");
            if entry.expires < today {
                merged.dropped.push(Dropped {
                    origin,
                    entry: entry.clone(),
                    why: format!("expired {}", entry.expires),
                });
                continue;
            }
            let same = merged.entries.iter().position(|e| key(e) == key(entry));
            match same {
                None => {
                    merged.entries.push(entry.clone());
                    origins.push(origin);
                }
                Some(i) => {
                    let longer = entry.expires > merged.entries[i].expires;
                    let (gone, gone_origin) = if longer {
                        (
                            std::mem::replace(&mut merged.entries[i], entry.clone()),
                            std::mem::replace(&mut origins[i], origin),
                        )
                    } else {
                        (entry.clone(), origin)
                    };
                    merged.dropped.push(Dropped {
                        origin: gone_origin,
                        entry: gone,
                        why: format!("duplicates {}, which lasts as long or longer", origins[i]),
                    });
                }
            }
        }
    }
    merged
}

#[derive(Serialize)]
struct Out<'a> {
    allow: Vec<OutEntry<'a>>,
}

#[derive(Serialize)]
struct OutEntry<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    employee: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination: Option<&'a str>,
    rules: &'a [String],
    reason: &'a str,
    expires: Datetime,
}

/// The entries as an allowlist file.
pub fn write(entries: &[AllowEntry]) -> String {
    let out = Out {
        allow: entries
            .iter()
            .map(|e| OutEntry {
                employee: e.employee_id.as_deref(),
                destination: e.destination.as_deref(),
                rules: &e.rules,
                reason: &e.reason,
                expires: Datetime {
                    date: Some(toml::value::Date {
                        year: e.expires.year,
                        month: e.expires.month,
                        day: e.expires.day,
                    }),
                    time: None,
                    offset: None,
                },
            })
            .collect(),
    };
    let body = toml::to_string(&out).expect("allowlist entries serialise");
    format!("# payguard allowlist, merged by `payguard allowlist merge`\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Date = Date {
        year: 2026,
        month: 11,
        day: 22,
    };

    fn entry(employee: &str, destination: &str, expires: &str) -> String {
        format!(
            "[[allow]]\nemployee = \"{employee}\"\ndestination = \"{destination}\"\n\
             rules = [\"e-money\"]\nreason = \"Wise account, checked\"\nexpires = {expires}\n"
        )
    }

    #[test]
    fn keeps_the_longest_of_one_case_and_drops_the_expired() {
        let a = read(
            "a.toml",
            &(entry("E-1", "BE40 9670 0000 0063", "2027-01-31") + &entry("E-2", "x", "2026-01-01")),
        )
        .unwrap();
        let b = read("b.toml", &entry("E-1", "be40967000000063", "2027-03-31")).unwrap();
        let merged = merge(&[("a.toml".into(), a), ("b.toml".into(), b)], DAY);
        assert_eq!(merged.entries.len(), 1);
        assert_eq!(merged.entries[0].expires.month, 3);
        let why: Vec<String> = merged
            .dropped
            .iter()
            .map(|d| format!("{}: {}", d.origin, d.why))
            .collect();
        assert_eq!(
            why,
            [
                "a.toml allow[1]: expired 2026-01-01",
                "a.toml allow[0]: duplicates b.toml allow[0], which lasts as long or longer",
            ]
        );
    }

    #[test]
    fn writes_a_file_the_policy_reader_takes_back() {
        let entries = read(
            "a.toml",
            &entry(r#"E-\"1\"\\"#, "ops@proton.me", "2027-01-31").replace(
                "Wise account, checked",
                r#"line one\nline \"two\" <img src=x>"#,
            ),
        )
        .unwrap();
        assert_eq!(entries[0].employee_id.as_deref(), Some(r#"E-"1"\"#));
        assert_eq!(entries[0].reason, "line one\nline \"two\" <img src=x>");
        let text = write(&entries);
        assert_eq!(read("merged.toml", &text).unwrap(), entries);
        assert!(text.contains("expires = 2027-01-31"), "{text}");
    }

    #[test]
    fn refuses_a_policy_file() {
        let err = read("p.toml", "review-threshold = 40\n").unwrap_err();
        assert!(err.contains("merge takes allowlist files only"), "{err}");
    }
}
