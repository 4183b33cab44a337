//! What a policy changes from another, in words: the report says what is
//! in force beside the plugin's defaults, and `payguard diff` what a new
//! policy changes from an old one.

use crate::model::Policy;

/// Each setting of `to` that differs from `from`, as a line for people:
/// "review-threshold 40 (was 50)", "rule crypto-in-text disabled".
pub fn changes(from: &Policy, to: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for (name, old, new) in [
        (
            "review-threshold",
            from.review_threshold,
            to.review_threshold,
        ),
        ("block-threshold", from.block_threshold, to.block_threshold),
    ] {
        if old != new {
            out.push(format!("{name} {new} (was {old})"));
        }
    }
    for rule in &to.rules {
        let old = from.rules.iter().find(|r| r.rule == rule.rule);
        let (was_enabled, was_weight) = old.map_or((true, None), |r| (r.enabled, r.weight));
        if rule.enabled != was_enabled {
            let state = if rule.enabled { "enabled" } else { "disabled" };
            out.push(format!("rule {} {state}", rule.rule));
        }
        if rule.weight != was_weight {
            let weight = |w: Option<u32>| w.map_or("the default".to_string(), |w| w.to_string());
            out.push(format!(
                "rule {} weight {} (was {})",
                rule.rule,
                weight(rule.weight),
                weight(was_weight)
            ));
        }
    }
    for (name, entries) in &to.lists {
        let old: &[String] = from
            .lists
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, e)| e);
        let added: Vec<&str> = entries
            .iter()
            .filter(|e| !old.contains(e))
            .map(String::as_str)
            .collect();
        let removed: Vec<&str> = old
            .iter()
            .filter(|e| !entries.contains(e))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            out.push(format!("list {name}: added {}", added.join(", ")));
        }
        if !removed.is_empty() {
            out.push(format!("list {name}: removed {}", removed.join(", ")));
        }
    }
    for (name, value) in &to.parameters {
        match from.parameters.iter().find(|(n, _)| n == name) {
            Some((_, old)) if old == value => {}
            Some((_, old)) => out.push(format!("parameter {name} {value} (was {old})")),
            None => out.push(format!("parameter {name} {value}")),
        }
    }
    let (old, new) = (from.allowlist.len(), to.allowlist.len());
    if old != new || from.allowlist != to.allowlist {
        out.push(format!("{new} allowlist entries (was {old})"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleSetting;

    fn policy() -> Policy {
        Policy {
            review_threshold: 50,
            block_threshold: 80,
            rules: vec![RuleSetting {
                rule: "e-money".into(),
                enabled: true,
                weight: None,
            }],
            lists: vec![("high-risk-countries".into(), vec!["KP".into(), "IR".into()])],
            parameters: vec![("account-change-days".into(), 30)],
            allowlist: vec![],
            as_of: None,
        }
    }

    #[test]
    fn says_nothing_when_nothing_changed() {
        assert!(changes(&policy(), &policy()).is_empty());
    }

    #[test]
    fn names_every_setting_that_moved() {
        let mut to = policy();
        to.review_threshold = 40;
        to.rules[0].weight = Some(40);
        to.rules.push(RuleSetting {
            rule: "crypto-in-text".into(),
            enabled: false,
            weight: None,
        });
        to.lists[0].1 = vec!["KP".into(), "RU".into()];
        to.parameters[0].1 = 14;
        to.parameters.push(("require-domestic-bank".into(), 1));
        assert_eq!(
            changes(&policy(), &to),
            [
                "review-threshold 40 (was 50)",
                "rule e-money weight 40 (was the default)",
                "rule crypto-in-text disabled",
                "list high-risk-countries: added RU",
                "list high-risk-countries: removed IR",
                "parameter account-change-days 14 (was 30)",
                "parameter require-domestic-bank 1",
            ]
        );
    }
}
