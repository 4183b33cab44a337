//! The policy a host passes in, checked once when a scorer is created.

use crate::allowlist::AllowEntry;
use crate::country_set::CountrySet;
use crate::data::{banking_areas, jurisdictions};
use crate::model::{Date, blank};
use crate::normalize::country::is_country;
use crate::rules::{ALL, RuleInfo};
use crate::sanctions::Sanctions;
use std::collections::{BTreeMap, BTreeSet};

/// A policy as the host sends it: names are checked by [`Policy::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInput {
    pub review_threshold: u8,
    pub block_threshold: u8,
    pub rules: Vec<RuleSettingInput>,
    pub lists: Vec<(String, Vec<String>)>,
    pub parameters: Vec<(String, i64)>,
    pub allowlist: Vec<AllowEntry>,
    /// The day allowlist expiry is judged on for payouts without a pay date.
    pub as_of: Option<Date>,
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

/// Countries whose banks count as one banking area: an account anywhere in
/// it is an ordinary choice for a resident of any of it.
pub const BANKING_AREA: &str = "banking-area";
/// Countries whose banks, phones or addresses are a strong red flag.
pub const HIGH_RISK: &str = "high-risk-countries";
/// Countries under increased monitoring: a weaker red flag.
pub const MONITORED: &str = "monitored-countries";
/// The employer's countries: with `require-domestic-bank`, pay goes to
/// banks there only.
pub const HOME_COUNTRIES: &str = "home-countries";
/// Wallet addresses, IBANs or account numbers, and names the host adds to
/// the built-in sanctions lists.
pub const SANCTIONED_WALLETS: &str = "sanctioned-wallets";
pub const SANCTIONED_ACCOUNTS: &str = "sanctioned-accounts";
pub const SANCTIONED_NAMES: &str = "sanctioned-names";

/// How many distinct employees make a destination, holder or phone shared.
pub const SHARED_MIN_EMPLOYEES: &str = "shared-account-min-employees";
/// How many days before the pay date a destination change counts as late.
pub const ACCOUNT_CHANGE_DAYS: &str = "account-change-days";
/// How many days back (and forward) a host's history of earlier runs
/// counts for shared destinations, holders and phones and for an
/// employee's earlier destinations. The host reads it to bound its look-up.
pub const HISTORY_DAYS: &str = "history-days";
/// The window, in days up to the pay date, in which an employee's distinct
/// destinations are counted for `repeated-account-change`.
pub const ACCOUNT_CHANGE_WINDOW_DAYS: &str = "account-change-window-days";
/// How many distinct destinations within that window fire it.
pub const ACCOUNT_CHANGE_MAX: &str = "account-change-max";
/// 1: every payout must go to a bank in a home country.
pub const REQUIRE_DOMESTIC_BANK: &str = "require-domestic-bank";
/// How alike (percent) a name must be to a listed name to count as a hit.
pub const NAME_MIN_SIMILARITY: &str = "sanctioned-name-min-similarity";

/// A checked policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub review_threshold: u8,
    pub block_threshold: u8,
    /// Points per rule in the order of [`ALL`], none for a rule that is
    /// off: the rules' loop reads them by position, not by name.
    pub by_rule: Vec<Option<u32>>,
    pub banking_area: CountrySet,
    pub high_risk: CountrySet,
    pub monitored: CountrySet,
    pub home_countries: CountrySet,
    pub sanctions: Sanctions,
    pub shared_min_employees: u32,
    pub account_change_days: u32,
    pub account_change_window_days: u32,
    pub account_change_max: u32,
    pub require_domestic_bank: bool,
    /// 0 to 1.
    pub name_min_similarity: f64,
    pub allowlist: Vec<AllowEntry>,
    pub as_of: Option<Date>,
}

/// The lists a policy may set, with their built-in entries and whether
/// their entries are country codes.
fn builtin_lists() -> Vec<(&'static str, Vec<String>, bool)> {
    vec![
        // SEPA forbids payers to refuse an account from another SEPA
        // country (Regulation (EU) 260/2012, art. 9): no red flag alone.
        (BANKING_AREA, banking_areas::area("SEPA"), true),
        (HIGH_RISK, jurisdictions::list("high"), true),
        (MONITORED, jurisdictions::list("monitored"), true),
        (HOME_COUNTRIES, Vec::new(), true),
        (SANCTIONED_WALLETS, Vec::new(), false),
        (SANCTIONED_ACCOUNTS, Vec::new(), false),
        (SANCTIONED_NAMES, Vec::new(), false),
    ]
}

/// The parameters a policy may set: built-in value and allowed range.
const PARAMETERS: &[(&str, i64, std::ops::RangeInclusive<i64>)] = &[
    (SHARED_MIN_EMPLOYEES, 2, 2..=1_000_000),
    (ACCOUNT_CHANGE_DAYS, 14, 0..=3650),
    (REQUIRE_DOMESTIC_BANK, 0, 0..=1),
    (NAME_MIN_SIMILARITY, 90, 50..=100),
    (HISTORY_DAYS, 400, 1..=3650),
    (ACCOUNT_CHANGE_WINDOW_DAYS, 180, 1..=3650),
    (ACCOUNT_CHANGE_MAX, 3, 2..=100),
];

impl PolicyInput {
    /// The built-in policy: every rule on at its catalogue weight, every
    /// list and parameter at its built-in value, no allowlist.
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
            lists: builtin_lists()
                .into_iter()
                .map(|(name, entries, _)| (name.to_string(), entries))
                .collect(),
            parameters: PARAMETERS
                .iter()
                .map(|(name, value, _)| (name.to_string(), *value))
                .collect(),
            allowlist: Vec::new(),
            as_of: None,
        }
    }
}

impl Policy {
    /// The points of the rule `id`; none when it is off or unknown.
    pub fn weight(&self, id: &str) -> Option<u32> {
        let at = ALL.iter().position(|r| r.info.id == id)?;
        self.by_rule[at]
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::new(PolicyInput::builtin()).expect("the built-in policy is valid")
    }
}

fn refuse<T>(key: String, message: String) -> Result<T, PolicyError> {
    Err(PolicyError { key, message })
}

impl Policy {
    /// Checks a policy. Rules, lists and parameters it does not name keep
    /// their built-in values.
    pub fn new(input: PolicyInput) -> Result<Policy, PolicyError> {
        for (key, value) in [
            ("review-threshold", input.review_threshold),
            ("block-threshold", input.block_threshold),
        ] {
            if !(1..=100).contains(&value) {
                return refuse(
                    key.into(),
                    format!("must be between 1 and 100, not {value}"),
                );
            }
        }
        if input.review_threshold > input.block_threshold {
            return refuse(
                "review-threshold".into(),
                format!(
                    "{} is above the block threshold {}",
                    input.review_threshold, input.block_threshold
                ),
            );
        }
        let mut lists: BTreeMap<&'static str, (Vec<String>, bool)> = builtin_lists()
            .into_iter()
            .map(|(name, entries, countries)| (name, (entries, countries)))
            .collect();
        for (i, (name, entries)) in input.lists.iter().enumerate() {
            let Some((_, (slot, countries))) = lists.iter_mut().find(|(n, _)| *n == name) else {
                return refuse(
                    format!("lists[{i}].name"),
                    format!("no list is called {name:?}"),
                );
            };
            for (j, entry) in entries.iter().enumerate() {
                let bad = if *countries {
                    (!is_country(entry))
                        .then(|| format!("{entry:?} is not an ISO 3166-1 alpha-2 country code"))
                } else {
                    blank(entry).then(|| "is empty".to_string())
                };
                if let Some(message) = bad {
                    return refuse(format!("lists[{i}].entries[{j}]"), message);
                }
            }
            *slot = entries.clone();
        }
        let mut parameters: BTreeMap<&'static str, i64> = PARAMETERS
            .iter()
            .map(|(name, value, _)| (*name, *value))
            .collect();
        for (i, (name, value)) in input.parameters.iter().enumerate() {
            let Some((name, _, range)) = PARAMETERS.iter().find(|(n, _, _)| n == name) else {
                return refuse(
                    format!("parameters[{i}].name"),
                    format!("no parameter is called {name:?}"),
                );
            };
            if !range.contains(value) {
                return refuse(
                    format!("parameters[{i}].value"),
                    format!("must be {} to {}, not {value}", range.start(), range.end()),
                );
            }
            parameters.insert(name, *value);
        }
        for (i, entry) in input.allowlist.iter().enumerate() {
            check_allow_entry(i, entry)?;
        }
        if let Some(day) = input.as_of
            && !day.is_valid()
        {
            return refuse("as-of".into(), format!("{day} is not a calendar date"));
        }
        let countries = |name| -> CountrySet { lists[name].0.iter().cloned().collect() };
        let weights = rule_weights(&input.rules)?;
        let mut sanctions = Sanctions::builtin();
        sanctions.add_wallets(&lists[SANCTIONED_WALLETS].0);
        sanctions.add_accounts(&lists[SANCTIONED_ACCOUNTS].0);
        sanctions.add_names(&lists[SANCTIONED_NAMES].0);
        let number = |name| u32::try_from(parameters[name]).expect("ranges are within u32");
        Ok(Policy {
            review_threshold: input.review_threshold,
            block_threshold: input.block_threshold,
            by_rule: ALL
                .iter()
                .map(|r| weights.get(r.info.id).copied())
                .collect(),
            banking_area: countries(BANKING_AREA),
            high_risk: countries(HIGH_RISK),
            monitored: countries(MONITORED),
            home_countries: countries(HOME_COUNTRIES),
            sanctions,
            shared_min_employees: number(SHARED_MIN_EMPLOYEES),
            account_change_days: number(ACCOUNT_CHANGE_DAYS),
            account_change_window_days: number(ACCOUNT_CHANGE_WINDOW_DAYS),
            account_change_max: number(ACCOUNT_CHANGE_MAX),
            require_domestic_bank: parameters[REQUIRE_DOMESTIC_BANK] == 1,
            name_min_similarity: f64::from(number(NAME_MIN_SIMILARITY)) / 100.0,
            // Blank is absent here too, whoever built the input.
            allowlist: input
                .allowlist
                .into_iter()
                .map(|mut e| {
                    for field in [&mut e.employee_id, &mut e.destination] {
                        if field.as_deref().is_some_and(blank) {
                            *field = None;
                        }
                    }
                    e
                })
                .collect(),
            as_of: input.as_of,
        })
    }
}

fn rule_weights(settings: &[RuleSettingInput]) -> Result<BTreeMap<&'static str, u32>, PolicyError> {
    let mut weights: BTreeMap<&'static str, u32> =
        ALL.iter().map(|r| (r.info.id, r.info.weight)).collect();
    let mut seen = BTreeSet::new();
    for (i, setting) in settings.iter().enumerate() {
        let Some(info) = find_rule(&setting.rule) else {
            return refuse(
                format!("rules[{i}].rule"),
                format!("no rule is called {:?}", setting.rule),
            );
        };
        if !seen.insert(info.id) {
            return refuse(
                format!("rules[{i}].rule"),
                format!("rule {:?} is set twice", info.id),
            );
        }
        match (setting.enabled, setting.weight) {
            (false, _) => {
                weights.remove(info.id);
            }
            (true, Some(w)) if w > 100 => {
                return refuse(
                    format!("rules[{i}].weight"),
                    format!("must be 0 to 100, not {w}"),
                );
            }
            (true, weight) => {
                weights.insert(info.id, weight.unwrap_or(info.weight));
            }
        }
    }
    Ok(weights)
}

fn check_allow_entry(i: usize, entry: &AllowEntry) -> Result<(), PolicyError> {
    let key = |field: &str| format!("allowlist[{i}].{field}");
    let absent = |v: &Option<String>| v.as_deref().is_none_or(blank);
    if absent(&entry.employee_id) && absent(&entry.destination) {
        return refuse(
            key("destination"),
            "an entry names an employee-id, a destination or both".into(),
        );
    }
    if blank(&entry.reason) {
        return refuse(key("reason"), "a reviewed case needs its reason".into());
    }
    if !entry.expires.is_valid() {
        return refuse(
            key("expires"),
            format!("{} is not a calendar date", entry.expires),
        );
    }
    for (j, rule) in entry.rules.iter().enumerate() {
        if find_rule(rule).is_none() {
            return refuse(
                format!("allowlist[{i}].rules[{j}]"),
                format!("no rule is called {rule:?}"),
            );
        }
    }
    Ok(())
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
        assert!(policy.by_rule.iter().all(Option::is_some));
        assert_eq!(policy.by_rule.len(), ALL.len());
        assert_eq!((policy.review_threshold, policy.block_threshold), (40, 80));
        assert!(policy.banking_area.contains("DE") && !policy.banking_area.contains("US"));
        assert!(policy.high_risk.contains("KP") && policy.monitored.contains("VN"));
        assert!(policy.home_countries.is_empty() && !policy.require_domestic_bank);
        assert_eq!(
            (policy.shared_min_employees, policy.account_change_days),
            (2, 14)
        );
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
        assert_eq!(policy.weight("crypto-destination"), None);
        assert_eq!(policy.weight("non-local-bank"), Some(5));
        assert_eq!(policy.weight("shared-destination"), Some(50));
    }

    #[test]
    fn lists_replace_and_sanctions_extend() {
        let mut input = PolicyInput::builtin();
        input.lists = vec![
            (HIGH_RISK.into(), vec!["KP".into()]),
            (SANCTIONED_NAMES.into(), vec!["Kim Jong Un".into()]),
        ];
        let policy = Policy::new(input).unwrap();
        assert_eq!(policy.high_risk.len(), 1);
        assert!(
            policy
                .sanctions
                .wallet("134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak")
                .is_some()
        );
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
        assert_eq!(
            refuse(|p| p.lists[6].1 = vec![" ".into()]),
            "lists[6].entries[0]"
        );
        assert_eq!(refuse(|p| p.lists[0].0 = "nope".into()), "lists[0].name");
        assert_eq!(refuse(|p| p.parameters[0].1 = 1), "parameters[0].value");
        assert_eq!(refuse(|p| p.parameters[2].1 = 2), "parameters[2].value");
        assert_eq!(
            refuse(|p| p.parameters[0].0 = "nope".into()),
            "parameters[0].name"
        );
        assert_eq!(
            refuse(|p| p.as_of = Some(Date {
                year: 2026,
                month: 2,
                day: 30
            })),
            "as-of"
        );
    }

    #[test]
    fn checks_allowlist_entries() {
        let entry = AllowEntry {
            employee_id: Some("E1".into()),
            destination: None,
            rules: vec!["shared-destination".into()],
            reason: "spouses".into(),
            expires: Date {
                year: 2027,
                month: 2,
                day: 28,
            },
        };
        let refuse = |change: fn(&mut AllowEntry)| {
            let mut input = PolicyInput::builtin();
            let mut e = entry.clone();
            change(&mut e);
            input.allowlist = vec![e];
            Policy::new(input).err().map(|e| e.key)
        };
        assert_eq!(refuse(|_| {}), None);
        assert_eq!(
            refuse(|e| e.employee_id = None).unwrap(),
            "allowlist[0].destination"
        );
        assert_eq!(
            refuse(|e| e.reason = " ".into()).unwrap(),
            "allowlist[0].reason"
        );
        assert_eq!(
            refuse(|e| e.expires.day = 30).unwrap(),
            "allowlist[0].expires"
        );
        assert_eq!(
            refuse(|e| e.rules[0] = "nope".into()).unwrap(),
            "allowlist[0].rules[0]"
        );
    }
}
