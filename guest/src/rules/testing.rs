//! Builders for rule tests: a plain resident payout to vary field by field.

use super::{ALL, Context, Hit};
use crate::facts::Facts;
use crate::model::{
    BankAccount, Category, CryptoWallet, Date, Destination, DestinationKind, DestinationProfile,
    EWallet, EarlierDestination, Finding, KeyKind, Payout, PeerGroup, Severity,
};
use crate::policy::Policy;

/// A German resident paid in EUR to a valid German IBAN.
pub fn payout() -> Payout {
    Payout {
        payout_id: "P1".into(),
        employee_id: "E1".into(),
        employee_name: "Anna Schmidt".into(),
        residence_country: "DE".into(),
        amount_minor: 450_000,
        currency: "EUR".into(),
        destination: Destination::Bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            ..BankAccount::default()
        }),
        account_holder: None,
        account_changed_at: None,
        pay_date: None,
        phone: None,
        ship_to_country: None,
        reference: None,
    }
}

/// `payout()` paid to another bank account.
pub fn with_bank(bank: BankAccount) -> Payout {
    Payout {
        destination: Destination::Bank(bank),
        ..payout()
    }
}

/// `payout()` paid to a wallet.
pub fn with_wallet(address: &str, network: Option<&str>) -> Payout {
    Payout {
        destination: Destination::Crypto(CryptoWallet {
            address: address.into(),
            network: network.map(Into::into),
        }),
        ..payout()
    }
}

/// `payout()` paid to an e-wallet.
pub fn with_ewallet(provider: &str, handle: &str) -> Payout {
    Payout {
        destination: Destination::EWallet(EWallet {
            provider: provider.into(),
            handle: handle.into(),
        }),
        ..payout()
    }
}

/// Runs the rule `id` on `payout` under the built-in policy.
pub fn check(id: &str, payout: &Payout) -> Option<Hit> {
    check_with_peers(id, payout, &[])
}

/// Runs the rule `id` on `payout` with roster peers.
pub fn check_with_peers(id: &str, payout: &Payout, peers: &[PeerGroup]) -> Option<Hit> {
    check_with_policy(id, payout, peers, &Policy::default())
}

/// Runs the rule `id` on `payout` with roster peers under `policy`.
pub fn check_with_policy(
    id: &str,
    payout: &Payout,
    peers: &[PeerGroup],
    policy: &Policy,
) -> Option<Hit> {
    check_with_history(id, payout, peers, &[], policy)
}

/// Runs the rule `id` on `payout` with roster peers and the employee's
/// earlier destinations under `policy`.
pub fn check_with_history(
    id: &str,
    payout: &Payout,
    peers: &[PeerGroup],
    history: &[EarlierDestination],
    policy: &Policy,
) -> Option<Hit> {
    let rule = ALL
        .iter()
        .find(|r| r.info.id == id)
        .expect("a rule of that id");
    let (payout, hidden) = crate::clean::clean(payout);
    let payout: &Payout = &payout;
    let mut facts = Facts::of(payout);
    facts.hidden = hidden;
    (rule.check)(&Context {
        payout,
        facts: &facts,
        peers,
        history,
        policy,
    })
}

/// A roster group of `count` employees of `kind`, E2 and its P2 named.
pub fn group(kind: KeyKind, count: u32) -> PeerGroup {
    PeerGroup {
        kind,
        employee_count: count,
        other_employees: vec!["E2".into()],
        other_payouts: vec!["P2".into()],
        earlier: vec![],
    }
}

/// A day of 2026.
pub fn day(month: u8, day: u8) -> Date {
    Date {
        year: 2026,
        month,
        day,
    }
}

/// `payout()` paid on a day of 2026.
pub fn paid_on(month: u8, d: u8) -> Payout {
    Payout {
        pay_date: Some(day(month, d)),
        ..payout()
    }
}

/// An earlier destination of the employee: a bank in `country`, paid from
/// `first` to `last`.
pub fn earlier(current: bool, country: &str, first: Date, last: Date) -> EarlierDestination {
    EarlierDestination {
        current,
        profile: DestinationProfile {
            kind: DestinationKind::Bank,
            country: Some(country.to_string().into()),
        },
        first_paid: first,
        last_paid: last,
        payout: format!("P-{last}"),
    }
}

/// `payout()` changed to `date` days before a pay date of 2026-11-30.
pub fn changed_days_before(days: u8) -> Payout {
    Payout {
        account_changed_at: Some(Date {
            year: 2026,
            month: 11,
            day: 30 - days,
        }),
        pay_date: Some(Date {
            year: 2026,
            month: 11,
            day: 30,
        }),
        ..payout()
    }
}

/// The value of evidence `key` in `hit`.
pub fn evidence<'h>(hit: &'h Hit, key: &str) -> Option<&'h str> {
    hit.evidence
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.value.as_str())
}

/// A bare finding of `rule` worth `points`, for scoring and allowlist tests.
pub fn finding(rule: &'static str, points: u32) -> Finding {
    Finding {
        rule: rule.into(),
        category: Category::SharedAccount,
        severity: Severity::High,
        points,
        message: String::new(),
        evidence: vec![],
        related_payouts: vec![],
        related_employees: vec![],
        waiver: None,
    }
}
