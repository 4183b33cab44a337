//! The policy file payroll ops write: TOML, applied on top of the plugin's
//! default policy. Every error names the file, the line and the key, both
//! TOML's own (syntax, unknown keys, wrong types) and the plugin's (an
//! unknown rule, a weight out of range), which the plugin reports by its
//! policy key and this file maps back to the line it came from.
//!
//! ```toml
//! review-threshold = 40
//! home-countries = ["DE"]
//! require-domestic-bank = true
//!
//! [rules]
//! non-local-bank = { weight = 30 }
//! crypto-in-text = { enabled = false }
//!
//! [lists]
//! high-risk-countries = ["KP", "IR", "MM", "RU"]
//!
//! [parameters]
//! account-change-days = 14
//!
//! [[allow]]
//! destination = "NL91 ABNA 0417 1643 00"
//! rules = ["shared-destination"]
//! reason = "Joint account of spouses E-020 and E-021, checked 2026-11-02"
//! expires = 2027-06-30
//! ```

use crate::model::{AllowEntry, Date, Policy, RuleSetting};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

const HOME_COUNTRIES: &str = "home-countries";

/// A TOML array of strings, with the span of the array and of each entry.
type SpannedList = Spanned<Vec<Spanned<String>>>;
const REQUIRE_DOMESTIC_BANK: &str = "require-domestic-bank";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    review_threshold: Option<Spanned<u8>>,
    block_threshold: Option<Spanned<u8>>,
    home_countries: Option<SpannedList>,
    require_domestic_bank: Option<Spanned<bool>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleEntry>,
    #[serde(default)]
    lists: BTreeMap<Spanned<String>, SpannedList>,
    #[serde(default)]
    parameters: BTreeMap<Spanned<String>, Spanned<i64>>,
    #[serde(default)]
    allow: Vec<Spanned<AllowFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    enabled: Option<bool>,
    weight: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AllowFile {
    employee: Option<String>,
    destination: Option<String>,
    #[serde(default)]
    rules: Vec<String>,
    reason: String,
    expires: Spanned<Datetime>,
}

/// A policy read from a file, with where each setting came from.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// The default policy with the file's settings applied.
    pub policy: Policy,
    name: String,
    text: String,
    /// Plugin policy key ("rules[3]") → (byte span, the TOML key).
    origins: BTreeMap<String, (Range<usize>, String)>,
}

impl PolicyFile {
    /// Applies the TOML `text` (read from `name`) on top of `base`.
    pub fn parse(name: &str, text: &str, base: Policy) -> Result<PolicyFile, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            format!("{name} line {line}: {}", e.message().trim_end())
        })?;
        let mut out = PolicyFile {
            policy: base,
            name: name.to_string(),
            text: text.to_string(),
            origins: BTreeMap::new(),
        };
        out.apply(file)?;
        Ok(out)
    }

    /// Says where in the file a key the plugin refused came from.
    pub fn locate(&self, key: &str, message: &str) -> String {
        self.find(key, message)
            .unwrap_or_else(|| format!("{}: {key}: {message}", self.name))
    }

    /// Where in the file a key the plugin refused came from, when this
    /// file set it (of several policy files, the last to set it).
    pub fn find(&self, key: &str, message: &str) -> Option<String> {
        let mut probe = key;
        loop {
            if let Some((span, toml_key)) = self.origins.get(probe) {
                let line = line_of(&self.text, span.start);
                return Some(format!("{} line {line}: {toml_key}: {message}", self.name));
            }
            probe = &probe[..probe.rfind(['.', '['])?];
        }
    }

    fn record(&mut self, key: String, span: Range<usize>, toml_key: String) {
        self.origins.insert(key, (span, toml_key));
    }

    fn apply(&mut self, file: File) -> Result<(), String> {
        if let Some(v) = file.review_threshold {
            self.policy.review_threshold = *v.get_ref();
            self.record(
                "review-threshold".into(),
                v.span(),
                "review-threshold".into(),
            );
        }
        if let Some(v) = file.block_threshold {
            self.policy.block_threshold = *v.get_ref();
            self.record("block-threshold".into(), v.span(), "block-threshold".into());
        }
        for (id, entry) in file.rules {
            let i = match self
                .policy
                .rules
                .iter()
                .position(|r| r.rule == *id.get_ref())
            {
                Some(i) => i,
                None => {
                    // Left for the plugin to refuse, naming this line.
                    self.policy.rules.push(RuleSetting {
                        rule: id.get_ref().clone(),
                        enabled: true,
                        weight: None,
                    });
                    self.policy.rules.len() - 1
                }
            };
            let setting = &mut self.policy.rules[i];
            setting.enabled = entry.enabled.unwrap_or(true);
            if entry.weight.is_some() {
                setting.weight = entry.weight;
            }
            self.record(
                format!("rules[{i}]"),
                id.span(),
                format!("rules.{}", id.get_ref()),
            );
        }
        let mut lists: Vec<(Spanned<String>, SpannedList)> = file.lists.into_iter().collect();
        if let Some(home) = file.home_countries {
            lists.push((Spanned::new(home.span(), HOME_COUNTRIES.into()), home));
        }
        for (name, entries) in lists {
            let i = self.slot(name.get_ref(), |p| &mut p.lists);
            self.policy.lists[i].1 = entries
                .get_ref()
                .iter()
                .map(|e| e.get_ref().clone())
                .collect();
            let toml_key = if name.get_ref() == HOME_COUNTRIES && name.span() == entries.span() {
                HOME_COUNTRIES.to_string()
            } else {
                format!("lists.{}", name.get_ref())
            };
            for (j, entry) in entries.get_ref().iter().enumerate() {
                self.record(
                    format!("lists[{i}].entries[{j}]"),
                    entry.span(),
                    format!("{toml_key}[{j}]"),
                );
            }
            self.record(format!("lists[{i}]"), name.span(), toml_key);
        }
        let mut parameters: Vec<(Spanned<String>, Spanned<i64>)> =
            file.parameters.into_iter().collect();
        if let Some(on) = file.require_domestic_bank {
            let value = Spanned::new(on.span(), i64::from(*on.get_ref()));
            parameters.push((Spanned::new(on.span(), REQUIRE_DOMESTIC_BANK.into()), value));
        }
        for (name, value) in parameters {
            let i = self.slot(name.get_ref(), |p| &mut p.parameters);
            self.policy.parameters[i].1 = *value.get_ref();
            self.record(
                format!("parameters[{i}]"),
                name.span(),
                format!("parameters.{}", name.get_ref()),
            );
        }
        for (n, entry) in file.allow.into_iter().enumerate() {
            let span = entry.span();
            let entry = entry.into_inner();
            let expires = date(&entry.expires).ok_or_else(|| {
                format!(
                    "{} line {}: allow[{n}].expires: must be a date such as 2027-06-30, not {}",
                    self.name,
                    line_of(&self.text, entry.expires.span().start),
                    entry.expires.get_ref()
                )
            })?;
            let i = self.policy.allowlist.len();
            self.policy.allowlist.push(AllowEntry {
                employee_id: entry.employee,
                destination: entry.destination,
                rules: entry.rules,
                reason: entry.reason,
                expires,
            });
            self.record(format!("allowlist[{i}]"), span, format!("allow[{n}]"));
        }
        Ok(())
    }

    /// The index of the named list or parameter, added at the end when the
    /// plugin does not have it (so that the plugin refuses it by name).
    fn slot<T: Default>(
        &mut self,
        name: &str,
        of: fn(&mut Policy) -> &mut Vec<(String, T)>,
    ) -> usize {
        let items = of(&mut self.policy);
        items
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or_else(|| {
                items.push((name.to_string(), T::default()));
                items.len() - 1
            })
    }
}

/// Says where a key the plugin refused came from among `files`, applied
/// in that order: the file and line of the last to set it.
pub fn locate(files: &[PolicyFile], key: &str, message: &str) -> String {
    files
        .iter()
        .rev()
        .find_map(|f| f.find(key, message))
        .unwrap_or_else(|| format!("policy: {key}: {message}"))
}

fn date(value: &Spanned<Datetime>) -> Option<Date> {
    let v = value.get_ref();
    match (v.date, v.time, v.offset) {
        (Some(d), None, None) => Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        _ => None,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Policy {
        Policy {
            review_threshold: 40,
            block_threshold: 80,
            rules: vec![RuleSetting {
                rule: "non-local-bank".into(),
                enabled: true,
                weight: Some(40),
            }],
            lists: vec![("high-risk-countries".into(), vec!["KP".into()])],
            parameters: vec![("account-change-days".into(), 14)],
            allowlist: vec![],
            as_of: None,
        }
    }

    const FILE: &str = "review-threshold = 30\nhome-countries = [\"DE\", \"AT\"]\nrequire-domestic-bank = true\n\n[rules]\nnon-local-bank = { weight = 25 }\nbogus-rule = { enabled = false }\n\n[[allow]]\nemployee = \"E-1\"\nreason = \"reviewed\"\nexpires = 2027-01-31\n";

    #[test]
    fn applies_settings_on_top_of_the_base_policy() {
        let f = PolicyFile::parse("p.toml", FILE, base()).unwrap();
        assert_eq!(f.policy.review_threshold, 30);
        assert_eq!(f.policy.rules[0].weight, Some(25));
        assert_eq!(
            f.policy.lists[1],
            ("home-countries".into(), vec!["DE".into(), "AT".into()])
        );
        assert_eq!(f.policy.parameters[1], ("require-domestic-bank".into(), 1));
        assert_eq!(
            f.policy.allowlist[0].expires,
            Date {
                year: 2027,
                month: 1,
                day: 31
            }
        );
    }

    #[test]
    fn maps_the_plugins_keys_back_to_lines() {
        let f = PolicyFile::parse("p.toml", FILE, base()).unwrap();
        assert_eq!(
            f.locate("rules[1].rule", "no rule is called \"bogus-rule\""),
            "p.toml line 7: rules.bogus-rule: no rule is called \"bogus-rule\""
        );
        assert_eq!(
            f.locate("lists[1].entries[1]", "bad"),
            "p.toml line 2: home-countries[1]: bad"
        );
        assert_eq!(
            f.locate("allowlist[0].reason", "x"),
            "p.toml line 9: allow[0]: x"
        );
        assert_eq!(
            f.locate("parameters[1].value", "x"),
            "p.toml line 3: parameters.require-domestic-bank: x"
        );
    }

    #[test]
    fn toml_errors_name_the_line_and_key() {
        let err =
            PolicyFile::parse("p.toml", "review-threshold = 40\nreveiw = 1\n", base()).unwrap_err();
        assert!(
            err.starts_with("p.toml line 2:") && err.contains("reveiw"),
            "{err}"
        );
        let err = PolicyFile::parse(
            "p.toml",
            "[rules]\nnon-local-bank = { weight = -1 }\n",
            base(),
        )
        .unwrap_err();
        assert!(err.starts_with("p.toml line 2:"), "{err}");
        let err = PolicyFile::parse(
            "p.toml",
            "[[allow]]\nemployee = \"E\"\nreason = \"r\"\nexpires = 2027-01-31T10:00:00\n",
            base(),
        )
        .unwrap_err();
        assert!(err.starts_with("p.toml line 4: allow[0].expires"), "{err}");
    }
}
