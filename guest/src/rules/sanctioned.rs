//! A wallet, account or name on a sanctions list. Wallets and accounts
//! match exactly after normalisation (per chain, per IBAN rules); names
//! match fuzzily above the policy's similarity, with the score in evidence
//! so a reviewer can judge a near miss.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};
use crate::normalize::name::Name;
use crate::quoted::quoted;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "sanctioned",
        category: Category::Sanctioned,
        severity: Severity::Critical,
        weight: 100,
        description: "The wallet, account, account holder or employee is on a sanctions list.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let sanctions = &ctx.policy.sanctions;
    let payout = ctx.payout;
    let exact = |field: &str, value: &str, listing: &str| {
        Some(Hit::new(
            format!("The {field} {value} is on {listing}."),
            [
                ("matched-field", field.to_string()),
                ("value", value.to_string()),
                ("listing", listing.to_string()),
            ],
        ))
    };
    match &payout.destination {
        Destination::Crypto(wallet) => {
            if let Some(key) = &ctx.facts.wallet_key
                && let Some(listing) = sanctions.wallet_by_key(key)
            {
                return exact("wallet_address", wallet.address.trim(), listing);
            }
        }
        Destination::Bank(bank) => {
            for (field, value) in [
                ("iban", &bank.iban),
                ("account_number", &bank.account_number),
            ] {
                if let Some(value) = value
                    && let Some(listing) = sanctions.account(value)
                {
                    return exact(field, value.trim(), listing);
                }
            }
        }
        // A handle that is an IBAN (the facts read it) is that account.
        Destination::EWallet(ewallet) => {
            if ctx.facts.iban.is_some()
                && let Some(listing) = sanctions.account(&ewallet.handle)
            {
                return exact("ewallet_id", ewallet.handle.trim(), listing);
            }
        }
    }
    for found in &ctx.facts.text_addresses {
        if let Some(listing) = sanctions.wallet_by_key(&found.address.normalized()) {
            return exact(found.field, &found.address.text, listing);
        }
    }
    // Most policies list no names: skip reading the payout's.
    if !sanctions.has_names() {
        return None;
    }
    let names = [
        ("account_holder", payout.account_holder.as_deref()),
        ("employee_name", Some(payout.employee_name.as_str())),
    ];
    for (field, written) in names {
        let Some(written) = written else { continue };
        if let Some(m) = sanctions.name(&Name::parse(written), ctx.policy.name_min_similarity) {
            let percent = (m.similarity * 100.0).floor();
            return Some(Hit::new(
                format!(
                    "The {field} {} is {percent}% like the listed name {}.",
                    quoted(written),
                    quoted(m.listed)
                ),
                [
                    ("matched-field", field.to_string()),
                    ("value", written.to_string()),
                    ("listed-name", m.listed.to_string()),
                    ("similarity", format!("{percent}%")),
                    (
                        "threshold",
                        format!("{}%", (ctx.policy.name_min_similarity * 100.0).round()),
                    ),
                ],
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::policy::{Policy, PolicyInput, SANCTIONED_ACCOUNTS, SANCTIONED_NAMES};
    use crate::rules::testing::*;

    fn host_lists() -> Policy {
        let mut input = PolicyInput::builtin();
        input.lists = vec![
            (SANCTIONED_NAMES.into(), vec!["PAK, Jin Hyok".into()]),
            (
                SANCTIONED_ACCOUNTS.into(),
                vec!["GB33 BUKB 2020 1555 5555 55".into()],
            ),
        ];
        Policy::new(input).unwrap()
    }

    #[test]
    fn a_listed_wallet_matches_in_any_case() {
        let ronin = with_wallet("0x098b716b8aaf21512996dc57eb0615e2383e2f96", Some("ETH"));
        let hit = check("sanctioned", &ronin).unwrap();
        assert!(evidence(&hit, "listing").unwrap().contains("Lazarus"));
        let in_text = Payout {
            reference: Some("send to 1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE".into()),
            ..payout()
        };
        let hit = check("sanctioned", &in_text).unwrap();
        assert_eq!(evidence(&hit, "matched-field"), Some("reference"));
    }

    #[test]
    fn host_lists_add_accounts_and_fuzzy_names() {
        let policy = host_lists();
        let account = with_bank(BankAccount {
            iban: Some("GB33BUKB20201555555555".into()),
            ..BankAccount::default()
        });
        let hit = check_with_policy("sanctioned", &account, &[], &policy).unwrap();
        assert_eq!(evidence(&hit, "matched-field"), Some("iban"));
        let holder = Payout {
            account_holder: Some("Jin Hyok Park".into()),
            ..payout()
        };
        let hit = check_with_policy("sanctioned", &holder, &[], &policy).unwrap();
        assert_eq!(evidence(&hit, "listed-name"), Some("PAK, Jin Hyok"));
        assert_eq!(evidence(&hit, "threshold"), Some("90%"));
    }

    #[test]
    fn clean_payouts_and_distant_names_pass() {
        let policy = host_lists();
        assert!(check_with_policy("sanctioned", &payout(), &[], &policy).is_none());
        let clean_wallet = with_wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", None);
        assert!(check("sanctioned", &clean_wallet).is_none());
        let other = Payout {
            account_holder: Some("Jana Hoyer".into()),
            ..payout()
        };
        assert!(check_with_policy("sanctioned", &other, &[], &policy).is_none());
    }
}
