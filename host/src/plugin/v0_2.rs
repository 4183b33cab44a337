//! The thin layer for `payguard:risk@0.2.0`: the generated bindings and the
//! conversions between them and the host's own types. Each contract version
//! gets a sibling module; the rest of the host does not change.

use crate::model as m;
use crate::roster::Peers;

wasmtime::component::bindgen!({
    world: "plugin",
    path: "../wit/since_v0.2.0",
    // Payouts are lowered from borrowed host strings, never cloned first.
    ownership: Borrowing { duplicate_if_necessary: true },
});

/// The generated types of the `scoring` interface.
pub mod wit {
    pub use super::exports::payguard::risk::scoring::*;
}

fn date(d: m::Date) -> wit::Date {
    wit::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

fn from_date(d: wit::Date) -> m::Date {
    m::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

/// A payout as the plugin takes it, borrowing every string.
pub(crate) fn payout(p: &m::Payout) -> wit::Payout<'_> {
    wit::Payout {
        payout_id: &p.payout_id,
        employee_id: &p.employee_id,
        employee_name: &p.employee_name,
        residence_country: &p.residence_country,
        amount_minor: p.amount_minor,
        currency: &p.currency,
        destination: match &p.destination {
            m::Destination::Bank(b) => wit::Destination::Bank(wit::BankAccount {
                iban: b.iban.as_deref(),
                account_number: b.account_number.as_deref(),
                routing_number: b.routing_number.as_deref(),
                bic: b.bic.as_deref(),
                bank_country: b.bank_country.as_deref(),
            }),
            m::Destination::Crypto(m::CryptoWallet { address, network }) => {
                wit::Destination::Crypto(wit::CryptoWallet {
                    address,
                    network: network.as_deref(),
                })
            }
            m::Destination::EWallet(m::EWallet { provider, handle }) => {
                wit::Destination::EWallet(wit::EWallet { provider, handle })
            }
        },
        account_holder: p.account_holder.as_deref(),
        account_changed_at: p.account_changed_at.map(date),
        pay_date: p.pay_date.map(date),
        phone: p.phone.as_deref(),
        ship_to_country: p.ship_to_country.as_deref(),
        reference: p.reference.as_deref(),
    }
}

/// The peer-group lists of one payout, as the plugin takes them.
pub(crate) fn peer_groups<'a>(peers: &'a [Peers<'a>]) -> Vec<wit::PeerGroup<'a>> {
    peers
        .iter()
        .map(|p| wit::PeerGroup {
            kind: match p.kind {
                m::KeyKind::Destination => wit::KeyKind::Destination,
                m::KeyKind::AccountHolder => wit::KeyKind::AccountHolder,
                m::KeyKind::Phone => wit::KeyKind::Phone,
            },
            employee_count: p.employee_count,
            other_employees: &p.employees,
            other_payouts: &p.payouts,
        })
        .collect()
}

/// A roster key as the host notes it: the digest's two halves joined.
pub(crate) fn roster_key(k: wit::RosterKey) -> m::RosterKey {
    m::RosterKey {
        kind: match k.kind {
            wit::KeyKind::Destination => m::KeyKind::Destination,
            wit::KeyKind::AccountHolder => m::KeyKind::AccountHolder,
            wit::KeyKind::Phone => m::KeyKind::Phone,
        },
        digest: (u128::from(k.hi) << 64) | u128::from(k.lo),
    }
}

/// Calls `f` with the policy as the plugin takes it, borrowing every
/// string; the lists it needs live for the call.
pub(crate) fn with_policy<R>(p: &m::Policy, f: impl FnOnce(wit::PolicyParam<'_>) -> R) -> R {
    let rules: Vec<wit::RuleSettingParam<'_>> = p
        .rules
        .iter()
        .map(|r| wit::RuleSettingParam {
            rule: &r.rule,
            enabled: r.enabled,
            weight: r.weight,
        })
        .collect();
    let entries: Vec<Vec<&str>> = p
        .lists
        .iter()
        .map(|(_, entries)| entries.iter().map(String::as_str).collect())
        .collect();
    let lists: Vec<wit::NamedListParam<'_>> = p
        .lists
        .iter()
        .zip(&entries)
        .map(|((name, _), entries)| wit::NamedListParam { name, entries })
        .collect();
    let parameters: Vec<wit::ParameterParam<'_>> = p
        .parameters
        .iter()
        .map(|(name, value)| wit::ParameterParam {
            name,
            value: *value,
        })
        .collect();
    let allow_rules: Vec<Vec<&str>> = p
        .allowlist
        .iter()
        .map(|e| e.rules.iter().map(String::as_str).collect())
        .collect();
    let allowlist: Vec<wit::AllowEntryParam<'_>> = p
        .allowlist
        .iter()
        .zip(&allow_rules)
        .map(|(e, rules)| wit::AllowEntryParam {
            employee_id: e.employee_id.as_deref(),
            destination: e.destination.as_deref(),
            rules,
            reason: &e.reason,
            expires: date(e.expires),
        })
        .collect();
    f(wit::PolicyParam {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: &rules,
        lists: &lists,
        parameters: &parameters,
        allowlist: &allowlist,
        as_of: p.as_of.map(date),
    })
}

pub(crate) fn from_policy(p: wit::PolicyResult) -> m::Policy {
    m::Policy {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: p
            .rules
            .into_iter()
            .map(|r| m::RuleSetting {
                rule: r.rule,
                enabled: r.enabled,
                weight: r.weight,
            })
            .collect(),
        lists: p.lists.into_iter().map(|l| (l.name, l.entries)).collect(),
        parameters: p
            .parameters
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect(),
        allowlist: p
            .allowlist
            .into_iter()
            .map(|e| m::AllowEntry {
                employee_id: e.employee_id,
                destination: e.destination,
                rules: e.rules,
                reason: e.reason,
                expires: from_date(e.expires),
            })
            .collect(),
        as_of: p.as_of.map(from_date),
    }
}

pub(crate) fn outcome(r: Result<wit::Assessment, wit::RowError>) -> m::Outcome {
    match r {
        Ok(a) => Ok(m::Assessment {
            payout_id: a.payout_id,
            score: a.score,
            decision: match a.decision {
                wit::Decision::Allow => m::Decision::Allow,
                wit::Decision::Review => m::Decision::Review,
                wit::Decision::Block => m::Decision::Block,
            },
            findings: a
                .findings
                .into_iter()
                .map(|f| m::Finding {
                    rule: f.rule,
                    category: category(f.category),
                    severity: severity(f.severity),
                    points: f.points,
                    message: f.message,
                    evidence: f
                        .evidence
                        .into_iter()
                        .map(|e| m::Evidence {
                            key: e.key,
                            value: e.value,
                        })
                        .collect(),
                    related_payouts: f.related_payouts,
                    related_employees: f.related_employees,
                    waiver: f.waiver.map(|w| m::Waiver {
                        reason: w.reason,
                        expires: from_date(w.expires),
                    }),
                })
                .collect(),
        }),
        Err(e) => Err(m::RowError {
            payout_id: e.payout_id,
            field: e.field,
            message: e.message,
        }),
    }
}

pub(crate) fn rule_info(r: wit::RuleInfo) -> m::RuleInfo {
    m::RuleInfo {
        id: r.id,
        category: category(r.category),
        severity: severity(r.severity),
        weight: r.weight,
        description: r.description,
    }
}

pub(crate) fn plugin_info(i: wit::PluginInfo) -> m::PluginInfo {
    m::PluginInfo {
        version: i.version,
        contract: i.contract,
        data: i
            .data
            .into_iter()
            .map(|d| m::DataVersion {
                name: d.name,
                version: d.version,
                source: d.source,
            })
            .collect(),
    }
}

fn category(c: wit::Category) -> m::Category {
    use wit::Category as C;
    match c {
        C::CryptoWallet => m::Category::CryptoWallet,
        C::Sanctioned => m::Category::Sanctioned,
        C::SharedAccount => m::Category::SharedAccount,
        C::NonLocalBank => m::Category::NonLocalBank,
        C::CountryMismatch => m::Category::CountryMismatch,
        C::EMoney => m::Category::EMoney,
        C::HighRiskJurisdiction => m::Category::HighRiskJurisdiction,
        C::HolderMismatch => m::Category::HolderMismatch,
        C::AccountChange => m::Category::AccountChange,
        C::InvalidDestination => m::Category::InvalidDestination,
    }
}

fn severity(s: wit::Severity) -> m::Severity {
    match s {
        wit::Severity::Info => m::Severity::Info,
        wit::Severity::Low => m::Severity::Low,
        wit::Severity::Medium => m::Severity::Medium,
        wit::Severity::High => m::Severity::High,
        wit::Severity::Critical => m::Severity::Critical,
    }
}
