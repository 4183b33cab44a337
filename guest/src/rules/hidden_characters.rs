//! Invisible characters inside an account, wallet, handle, phone or name:
//! a zero-width space splitting a wallet so that a text scan misses it,
//! a word joiner making one shared handle look like two. The rules read
//! every value without them; that they were there is a finding of its own.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Evidence, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "hidden-characters",
        category: Category::InvalidDestination,
        severity: Severity::Medium,
        weight: 40,
        description: "A field holds invisible characters (zero-width, soft hyphen, BOM, bidi controls) that split or disguise a value.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    ctx.facts.hidden.first()?;
    let fields: Vec<&str> = ctx.facts.hidden.iter().map(|h| h.field).collect();
    let mut hit = Hit::new(
        format!(
            "The {} field{} invisible characters; they were removed before checking.",
            fields.join(", "),
            if fields.len() == 1 {
                " holds"
            } else {
                "s hold"
            },
        ),
        [],
    );
    for hidden in &ctx.facts.hidden {
        let chars: Vec<String> = hidden
            .chars
            .iter()
            .map(|c| format!("U+{:04X}", *c as u32))
            .collect();
        hit.evidence
            .push(Evidence::new(hidden.field.to_string(), chars.join(" ")));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn names_the_field_and_the_characters() {
        let p = with_wallet(
            "0x5aAeb6053F3E94C9b9A09f\u{200B}33669435E7Ef1BeAed",
            Some("ETH"),
        );
        let hit = check("hidden-characters", &p).unwrap();
        assert_eq!(evidence(&hit, "wallet_address"), Some("U+200B"));
    }

    #[test]
    fn joiners_in_names_are_ordinary_writing() {
        let p = Payout {
            employee_name: "Mohammad\u{200C}reza Ahmadi".into(),
            ..payout()
        };
        assert!(check("hidden-characters", &p).is_none());
        assert!(check("hidden-characters", &payout()).is_none());
    }
}
