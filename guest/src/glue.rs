//! The one place that knows about WIT: converts the generated types to the
//! plain model and back. No rule logic here.

use crate::allowlist::AllowEntry;
use crate::model::{self as m, Destination};
use crate::policy::{Policy, PolicyInput, RuleSettingInput};
use crate::{assess, info, roster, rules};

wit_bindgen::generate!({ world: "plugin", path: "../wit/since_v0.4.0" });

use exports::payguard::risk::scoring as wit;

struct Plugin;

impl wit::Guest for Plugin {
    type Scorer = Scorer;

    fn default_policy() -> wit::Policy {
        let input = PolicyInput::builtin();
        wit::Policy {
            review_threshold: input.review_threshold,
            block_threshold: input.block_threshold,
            rules: input
                .rules
                .into_iter()
                .map(|r| wit::RuleSetting {
                    rule: r.rule,
                    enabled: r.enabled,
                    weight: r.weight,
                })
                .collect(),
            lists: input
                .lists
                .into_iter()
                .map(|(name, entries)| wit::NamedList { name, entries })
                .collect(),
            parameters: input
                .parameters
                .into_iter()
                .map(|(name, value)| wit::Parameter { name, value })
                .collect(),
            allowlist: Vec::new(),
            as_of: None,
        }
    }

    fn rules() -> Vec<wit::RuleInfo> {
        rules::ALL
            .iter()
            .map(|r| wit::RuleInfo {
                id: r.info.id.into(),
                category: category(r.info.category),
                severity: severity(r.info.severity),
                weight: r.info.weight,
                description: r.info.description.into(),
            })
            .collect()
    }

    fn info() -> wit::PluginInfo {
        wit::PluginInfo {
            version: info::VERSION.into(),
            contract: info::CONTRACT.into(),
            data: info::data()
                .into_iter()
                .map(|(name, version, source)| wit::DataVersion {
                    name,
                    version,
                    source,
                })
                .collect(),
        }
    }
}

/// A scorer holds one checked policy for the chunks of one payroll.
struct Scorer {
    policy: Policy,
}

impl wit::GuestScorer for Scorer {
    fn create(policy: wit::Policy) -> Result<wit::Scorer, wit::PolicyError> {
        let input = PolicyInput {
            review_threshold: policy.review_threshold,
            block_threshold: policy.block_threshold,
            rules: policy
                .rules
                .into_iter()
                .map(|r| RuleSettingInput {
                    rule: r.rule,
                    enabled: r.enabled,
                    weight: r.weight,
                })
                .collect(),
            lists: policy
                .lists
                .into_iter()
                .map(|l| (l.name, l.entries))
                .collect(),
            parameters: policy
                .parameters
                .into_iter()
                .map(|p| (p.name, p.value))
                .collect(),
            allowlist: policy
                .allowlist
                .into_iter()
                .map(|e| AllowEntry {
                    employee_id: e.employee_id,
                    destination: e.destination,
                    rules: e.rules,
                    reason: e.reason,
                    expires: date(e.expires),
                })
                .collect(),
            as_of: policy.as_of.map(date),
        };
        match Policy::new(input) {
            Ok(policy) => Ok(wit::Scorer::new(Scorer { policy })),
            Err(e) => Err(wit::PolicyError {
                key: e.key,
                message: e.message,
            }),
        }
    }

    fn roster_keys(&self, chunk: wit::Chunk) -> Vec<wit::RosterKey> {
        let mut keys = Vec::new();
        for (index, p) in (0..).zip(&chunk.payouts) {
            // A payout whose text cannot be read has no keys; pass 2
            // reports why.
            let Ok(payout) = payout(&chunk.text, p) else {
                continue;
            };
            keys.extend(roster::keys(&payout).into_iter().map(|k| wit::RosterKey {
                payout: index,
                kind: key_kind(k.kind),
                hi: (k.digest >> 64) as u64,
                lo: k.digest as u64,
            }));
        }
        keys
    }

    fn assess(
        &self,
        chunk: wit::Chunk,
        peers: Vec<wit::PeerGroup>,
        history: Vec<wit::PayoutHistory>,
    ) -> Vec<Result<wit::Assessment, wit::RowError>> {
        let mut groups: Vec<Vec<m::PeerGroup>> = chunk.payouts.iter().map(|_| Vec::new()).collect();
        for group in peers {
            if let Some(of) = groups.get_mut(group.payout as usize) {
                of.push(peer_group(group));
            }
        }
        let mut earlier: Vec<Vec<m::EarlierDestination>> =
            chunk.payouts.iter().map(|_| Vec::new()).collect();
        for h in history {
            if let Some(of) = earlier.get_mut(h.payout as usize) {
                of.extend(h.destinations.into_iter().map(earlier_destination));
            }
        }
        chunk
            .payouts
            .iter()
            .zip(groups)
            .zip(earlier)
            .map(|((p, peers), history)| {
                let payout = payout(&chunk.text, p)?;
                match assess::assess(&payout, &peers, &history, &self.policy) {
                    Ok(a) => Ok(assessment(a)),
                    Err(e) => Err(wit::RowError {
                        field: e.field.map(Into::into),
                        message: e.message,
                    }),
                }
            })
            .collect()
    }
}

fn date(d: wit::Date) -> m::Date {
    m::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

/// The text of `span`, or why it cannot be read, naming `field`.
fn text(text: &str, span: wit::Span, field: &str) -> Result<String, wit::RowError> {
    let end = span.start.checked_add(span.len);
    end.and_then(|end| text.get(span.start as usize..end as usize))
        .map(str::to_string)
        .ok_or_else(|| wit::RowError {
            field: Some(field.into()),
            message: format!(
                "the host sent bytes {}..+{} of a {}-byte text for this field: outside it or through a character",
                span.start,
                span.len,
                text.len()
            ),
        })
}

/// As [`text`], for an optional field.
fn maybe(
    text: &str,
    span: Option<wit::Span>,
    field: &str,
) -> Result<Option<String>, wit::RowError> {
    span.map(|span| self::text(text, span, field)).transpose()
}

/// The payout as sent; the rules read blanks as absent themselves.
fn payout(t: &str, p: &wit::Payout) -> Result<m::Payout, wit::RowError> {
    Ok(m::Payout {
        payout_id: text(t, p.payout_id, "payout_id")?,
        employee_id: text(t, p.employee_id, "employee_id")?,
        employee_name: text(t, p.employee_name, "employee_name")?,
        residence_country: text(t, p.residence_country, "residence_country")?,
        amount_minor: p.amount_minor,
        currency: text(t, p.currency, "currency")?,
        destination: match p.destination {
            wit::Destination::Bank(b) => Destination::Bank(m::BankAccount {
                iban: maybe(t, b.iban, "iban")?,
                account_number: maybe(t, b.account_number, "account_number")?,
                routing_number: maybe(t, b.routing_number, "routing_number")?,
                bic: maybe(t, b.bic, "bic")?,
                bank_country: maybe(t, b.bank_country, "bank_country")?,
            }),
            wit::Destination::Crypto(c) => Destination::Crypto(m::CryptoWallet {
                address: text(t, c.address, "wallet_address")?,
                network: maybe(t, c.network, "wallet_network")?,
            }),
            wit::Destination::EWallet(e) => Destination::EWallet(m::EWallet {
                provider: text(t, e.provider, "ewallet_provider")?,
                handle: text(t, e.handle, "ewallet_id")?,
            }),
        },
        account_holder: maybe(t, p.account_holder, "account_holder")?,
        account_changed_at: p.account_changed_at.map(date),
        pay_date: p.pay_date.map(date),
        phone: maybe(t, p.phone, "phone")?,
        ship_to_country: maybe(t, p.ship_to_country, "ship_to_country")?,
        reference: maybe(t, p.reference, "reference")?,
    })
}

fn peer_group(g: wit::PeerGroup) -> m::PeerGroup {
    m::PeerGroup {
        kind: match g.kind {
            wit::KeyKind::Destination => m::KeyKind::Destination,
            wit::KeyKind::AccountHolder => m::KeyKind::AccountHolder,
            wit::KeyKind::Phone => m::KeyKind::Phone,
        },
        employee_count: g.employee_count,
        other_employees: g.other_employees,
        other_payouts: g.other_payouts,
        earlier: g
            .earlier
            .into_iter()
            .map(|e| m::EarlierPayout {
                employee: e.employee,
                payout: e.payout,
                payroll: e.payroll,
                other_payroll: e.other_payroll,
                pay_date: date(e.pay_date),
            })
            .collect(),
    }
}

fn earlier_destination(d: wit::EarlierDestination) -> m::EarlierDestination {
    m::EarlierDestination {
        current: d.current,
        profile: m::DestinationProfile {
            kind: match d.profile.kind {
                wit::DestinationKind::Bank => m::DestinationKind::Bank,
                wit::DestinationKind::Crypto => m::DestinationKind::Crypto,
                wit::DestinationKind::EWallet => m::DestinationKind::EWallet,
            },
            country: d.profile.country,
        },
        first_paid: date(d.first_paid),
        last_paid: date(d.last_paid),
        payout: d.payout,
    }
}

fn key_kind(kind: m::KeyKind) -> wit::KeyKind {
    match kind {
        m::KeyKind::Destination => wit::KeyKind::Destination,
        m::KeyKind::AccountHolder => wit::KeyKind::AccountHolder,
        m::KeyKind::Phone => wit::KeyKind::Phone,
    }
}

fn assessment(a: m::Assessment) -> wit::Assessment {
    wit::Assessment {
        score: a.score,
        decision: match a.decision {
            m::Decision::Allow => wit::Decision::Allow,
            m::Decision::Review => wit::Decision::Review,
            m::Decision::Block => wit::Decision::Block,
        },
        findings: a
            .findings
            .into_iter()
            .map(|f| wit::Finding {
                rule: f.rule.into(),
                category: category(f.category),
                severity: severity(f.severity),
                points: f.points,
                message: f.message,
                evidence: f
                    .evidence
                    .into_iter()
                    .map(|(key, value)| wit::Evidence { key, value })
                    .collect(),
                related_payouts: f.related_payouts,
                related_employees: f.related_employees,
                waiver: f.waiver.map(|w| wit::Waiver {
                    reason: w.reason,
                    expires: wit::Date {
                        year: w.expires.year,
                        month: w.expires.month,
                        day: w.expires.day,
                    },
                }),
            })
            .collect(),
        destination: wit::DestinationProfile {
            kind: match a.destination.kind {
                m::DestinationKind::Bank => wit::DestinationKind::Bank,
                m::DestinationKind::Crypto => wit::DestinationKind::Crypto,
                m::DestinationKind::EWallet => wit::DestinationKind::EWallet,
            },
            country: a.destination.country,
        },
    }
}

fn category(c: m::Category) -> wit::Category {
    use m::Category as C;
    match c {
        C::CryptoWallet => wit::Category::CryptoWallet,
        C::Sanctioned => wit::Category::Sanctioned,
        C::SharedAccount => wit::Category::SharedAccount,
        C::NonLocalBank => wit::Category::NonLocalBank,
        C::CountryMismatch => wit::Category::CountryMismatch,
        C::EMoney => wit::Category::EMoney,
        C::HighRiskJurisdiction => wit::Category::HighRiskJurisdiction,
        C::HolderMismatch => wit::Category::HolderMismatch,
        C::AccountChange => wit::Category::AccountChange,
        C::InvalidDestination => wit::Category::InvalidDestination,
    }
}

fn severity(s: m::Severity) -> wit::Severity {
    match s {
        m::Severity::Info => wit::Severity::Info,
        m::Severity::Low => wit::Severity::Low,
        m::Severity::Medium => wit::Severity::Medium,
        m::Severity::High => wit::Severity::High,
        m::Severity::Critical => wit::Severity::Critical,
    }
}

export!(Plugin);
