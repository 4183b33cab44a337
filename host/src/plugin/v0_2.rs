//! The thin layer for `payguard:risk@0.2.0`: the generated bindings and the
//! conversions between them and the host's own types. Each contract version
//! gets a sibling module; the rest of the host does not change.

use crate::model as m;

wasmtime::component::bindgen!({ world: "plugin", path: "../wit/since_v0.2.0" });

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

pub(crate) fn payout(p: &m::Payout) -> wit::Payout {
    wit::Payout {
        payout_id: p.payout_id.clone(),
        employee_id: p.employee_id.clone(),
        employee_name: p.employee_name.clone(),
        residence_country: p.residence_country.clone(),
        amount_minor: p.amount_minor,
        currency: p.currency.clone(),
        destination: match &p.destination {
            m::Destination::Bank(b) => wit::Destination::Bank(wit::BankAccount {
                iban: b.iban.clone(),
                account_number: b.account_number.clone(),
                routing_number: b.routing_number.clone(),
                bic: b.bic.clone(),
                bank_country: b.bank_country.clone(),
            }),
            m::Destination::Crypto { address, network } => {
                wit::Destination::Crypto(wit::CryptoWallet {
                    address: address.clone(),
                    network: network.clone(),
                })
            }
            m::Destination::Ewallet { provider, handle } => {
                wit::Destination::EWallet(wit::EWallet {
                    provider: provider.clone(),
                    handle: handle.clone(),
                })
            }
        },
        account_holder: p.account_holder.clone(),
        account_changed_at: p.account_changed_at.map(date),
        pay_date: p.pay_date.map(date),
        phone: p.phone.clone(),
        ship_to_country: p.ship_to_country.clone(),
        reference: p.reference.clone(),
    }
}

pub(crate) fn policy(p: &m::Policy) -> wit::Policy {
    wit::Policy {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: p
            .rules
            .iter()
            .map(|r| wit::RuleSetting {
                rule: r.rule.clone(),
                enabled: r.enabled,
                weight: r.weight,
            })
            .collect(),
        lists: p
            .lists
            .iter()
            .map(|(name, entries)| wit::NamedList {
                name: name.clone(),
                entries: entries.clone(),
            })
            .collect(),
        parameters: p
            .parameters
            .iter()
            .map(|(name, value)| wit::Parameter {
                name: name.clone(),
                value: *value,
            })
            .collect(),
        allowlist: p
            .allowlist
            .iter()
            .map(|e| wit::AllowEntry {
                employee_id: e.employee_id.clone(),
                destination: e.destination.clone(),
                rules: e.rules.clone(),
                reason: e.reason.clone(),
                expires: date(e.expires),
            })
            .collect(),
        as_of: p.as_of.map(date),
    }
}

pub(crate) fn from_policy(p: wit::Policy) -> m::Policy {
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
