//! The policy a host passes in, checked once when a scorer is created.

use crate::normalize::country::is_country;
use crate::rules::{ALL, RuleInfo};
use std::collections::{BTreeMap, BTreeSet};

/// A policy as the host sends it: names are checked by [`Policy::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInput {
    pub review_threshold: u8,
    pub block_threshold: u8,
    pub rules: Vec<RuleSettingInput>,
    pub lists: Vec<(String, Vec<String>)>,
    pub parameters: Vec<(String, i64)>,
}

/// One rule's setting as the host sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettingInput {
    pub rule: String,
    pub enabled: bool,
    pub weight: Option<u32>,
}

/// Why a policy was refused, naming the setting at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub key: String,
    pub message: String,
}

/// The named list of countries whose banks count as one banking area: an
/// account anywhere in it is an ordinary choice for a resident of any of it.
pub const BANKING_AREA: &str = "banking-area";
/// The parameter: how many distinct employees make a destination shared.
pub const SHARED_MIN_EMPLOYEES: &str = "shared-account-min-employees";

/// The SEPA schemes' countries (EU, EEA, CH, GB, the micro-states and the
/// Crown Dependencies; European Payments Council list, 2025). SEPA forbids
/// payers to refuse an account from another SEPA country (Regulation (EU)
/// 260/2012, art. 9), so a foreign SEPA account alone is no red flag.
const SEPA: &[&str] = &[
    "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GG", "GI",
    "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO",
    "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA",
];

/// A checked policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub review_threshold: u8,
    pub block_threshold: u8,
    /// Points per enabled rule; a rule absent here is off.
    pub weights: BTreeMap<&'static str, u32>,
    pub banking_area: BTreeSet<String>,
    pub shared_min_employees: u32,
}

impl PolicyInput {
    /// The built-in policy: every rule on at its catalogue weight.
    pub fn builtin() -> PolicyInput {
        PolicyInput {
            review_threshold: 40,
            block_threshold: 80,
            rules: ALL
                .iter()
                .map(|r| RuleSettingInput {
                    rule: r.info.id.to_string(),
                    enabled: true,
                    weight: Some(r.info.weight),
                })
                .collect(),
            lists: vec![(
                BANKING_AREA.to_string(),
                SEPA.iter().map(|c| c.to_string()).collect(),
            )],
            parameters: vec![(SHARED_MIN_EMPLOYEES.to_string(), 2)],
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::new(PolicyInput::builtin()).expect("the built-in policy is valid")
    }
}

impl Policy {
    /// Checks a policy. Rules, lists and parameters it does not name keep
    /// their built-in values.
    pub fn new(input: PolicyInput) -> Result<Policy, PolicyError> {
        let err = |key: String, message: String| Err(PolicyError { key, message });
        for (key, value) in [
            ("review-threshold", input.review_threshold),
            ("block-threshold", input.block_threshold),
        ] {
            if !(1..=100).contains(&value) {
                return err(
                    key.into(),
                    format!("must be between 1 and 100, not {value}"),
                );
            }
        }
        if input.review_threshold > input.block_threshold {
            return err(
                "review-threshold".into(),
                format!(
                    "{} is above the block threshold {}",
                    input.review_threshold, input.block_threshold
                ),
            );
        }
        let mut weights: BTreeMap<&'static str, u32> =
            ALL.iter().map(|r| (r.info.id, r.info.weight)).collect();
        let mut seen = BTreeSet::new();
        for (i, setting) in input.rules.iter().enumerate() {
            let Some(info) = find_rule(&setting.rule) else {
                return err(
                    format!("rules[{i}].rule"),
                    format!("no rule is called {:?}", setting.rule),
                );
            };
            if !seen.insert(info.id) {
                return err(
                    format!("rules[{i}].rule"),
                    format!("rule {:?} is set twice", info.id),
                );
            }
            match (setting.enabled, setting.weight) {
                (false, _) => {
                    weights.remove(info.id);
                }
                (true, Some(w)) if w > 100 => {
                    return err(
                        format!("rules[{i}].weight"),
                        format!("must be 0 to 100, not {w}"),
                    );
                }
                (true, weight) => {
                    weights.insert(info.id, weight.unwrap_or(info.weight));
                }
            }
        }
        let mut policy = Policy {
            review_threshold: input.review_threshold,
            block_threshold: input.block_threshold,
            weights,
            banking_area: SEPA.iter().map(|c| c.to_string()).collect(),
            shared_min_employees: 2,
        };
        for (i, (name, entries)) in input.lists.iter().enumerate() {
            match name.as_str() {
                BANKING_AREA => {
                    if let Some((j, bad)) = entries.iter().enumerate().find(|(_, c)| !is_country(c))
                    {
                        return err(
                            format!("lists[{i}].entries[{j}]"),
                            format!("{bad:?} is not an ISO 3166-1 alpha-2 country code"),
                        );
                    }
                    policy.banking_area = entries.iter().cloned().collect();
                }
                _ => {
                    return err(
                        format!("lists[{i}].name"),
                        format!("no list is called {name:?}"),
                    );
                }
            }
        }
        for (i, (name, value)) in input.parameters.iter().enumerate() {
            match name.as_str() {
                SHARED_MIN_EMPLOYEES => {
                    policy.shared_min_employees = match u32::try_from(*value) {
                        Ok(n) if n >= 2 => n,
                        _ => {
                            return err(
                                format!("parameters[{i}].value"),
                                format!("must be 2 or more, not {value}"),
                            );
                        }
                    }
                }
                _ => {
                    return err(
                        format!("parameters[{i}].name"),
                        format!("no parameter is called {name:?}"),
                    );
                }
            }
        }
        Ok(policy)
    }
}

fn find_rule(id: &str) -> Option<&'static RuleInfo> {
    ALL.iter().map(|r| &r.info).find(|info| info.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_policy_enables_every_rule_at_its_weight() {
        let policy = Policy::default();
        assert_eq!(policy.weights.len(), ALL.len());
        assert_eq!((policy.review_threshold, policy.block_threshold), (40, 80));
        assert!(policy.banking_area.contains("DE") && !policy.banking_area.contains("US"));
    }

    #[test]
    fn turns_rules_off_and_reweights_them() {
        let mut input = PolicyInput::builtin();
        input.rules = vec![
            RuleSettingInput {
                rule: "crypto-destination".into(),
                enabled: false,
                weight: None,
            },
            RuleSettingInput {
                rule: "non-local-bank".into(),
                enabled: true,
                weight: Some(5),
            },
        ];
        let policy = Policy::new(input).unwrap();
        assert!(!policy.weights.contains_key("crypto-destination"));
        assert_eq!(policy.weights["non-local-bank"], 5);
        assert_eq!(policy.weights["shared-destination"], 50);
    }

    #[test]
    fn names_the_setting_at_fault() {
        let refuse = |change: fn(&mut PolicyInput)| {
            let mut input = PolicyInput::builtin();
            change(&mut input);
            Policy::new(input).unwrap_err().key
        };
        assert_eq!(refuse(|p| p.review_threshold = 0), "review-threshold");
        assert_eq!(refuse(|p| p.review_threshold = 90), "review-threshold");
        assert_eq!(refuse(|p| p.rules[1].rule = "nope".into()), "rules[1].rule");
        assert_eq!(
            refuse(|p| p.rules[2].rule = p.rules[0].rule.clone()),
            "rules[2].rule"
        );
        assert_eq!(refuse(|p| p.rules[0].weight = Some(101)), "rules[0].weight");
        assert_eq!(
            refuse(|p| p.lists[0].1[3] = "XX".into()),
            "lists[0].entries[3]"
        );
        assert_eq!(refuse(|p| p.lists[0].0 = "nope".into()), "lists[0].name");
        assert_eq!(refuse(|p| p.parameters[0].1 = 1), "parameters[0].value");
        assert_eq!(
            refuse(|p| p.parameters[0].0 = "nope".into()),
            "parameters[0].name"
        );
    }
}
