//! The one place that knows about WIT: converts the generated types to the
//! plain model and back. No rule logic here.

use crate::allowlist::AllowEntry;
use crate::model::{self as m, Destination};
use crate::policy::{Policy, PolicyInput, RuleSettingInput};
use crate::refill::Spare;
use crate::{assess, info, roster, rules};
use std::borrow::Cow;

wit_bindgen::generate!({ world: "plugin", path: "../wit/since_v0.5.0" });

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
        let (mut payout, mut spare) = (buffer(), Spare::default());
        for (index, p) in (0..).zip(&chunk.payouts) {
            // A payout whose text cannot be read has no keys; pass 2
            // reports why.
            if self::payout(&chunk.text, p, &mut payout, &mut spare).is_err() {
                continue;
            }
            keys.extend(
                roster::keys(&payout)
                    .into_iter()
                    .map(|k| roster_key(index, k)),
            );
        }
        keys
    }

    fn keys_and_provisional(&self, chunk: wit::Chunk) -> wit::KeyedChunk {
        let mut keys = Vec::new();
        let mut provisional = Vec::with_capacity(chunk.payouts.len());
        let (mut payout, mut spare) = (buffer(), Spare::default());
        for (index, p) in (0..).zip(&chunk.payouts) {
            if let Err(e) = self::payout(&chunk.text, p, &mut payout, &mut spare) {
                provisional.push(Err(e));
                continue;
            }
            let (payout_keys, result) = assess::keyed(&payout, &self.policy);
            keys.extend(payout_keys.into_iter().map(|k| roster_key(index, k)));
            provisional.push(result.map(assessment).map_err(row_error));
        }
        wit::KeyedChunk { keys, provisional }
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
        let (mut payout, mut spare) = (buffer(), Spare::default());
        chunk
            .payouts
            .iter()
            .zip(groups)
            .zip(earlier)
            .map(|((p, peers), history)| {
                self::payout(&chunk.text, p, &mut payout, &mut spare)?;
                assess::assess(&payout, &peers, &history, &self.policy)
                    .map(assessment)
                    .map_err(row_error)
            })
            .collect()
    }
}

/// A roster key of the payout at `index` of its chunk.
fn roster_key(index: u32, k: m::RosterKey) -> wit::RosterKey {
    wit::RosterKey {
        payout: index,
        kind: key_kind(k.kind),
        hi: (k.digest >> 64) as u64,
        lo: k.digest as u64,
    }
}

fn row_error(e: m::RowError) -> wit::RowError {
    wit::RowError {
        field: e.field.map(Into::into),
        message: e.message,
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
fn text<'t>(text: &'t str, span: wit::Span, field: &str) -> Result<&'t str, wit::RowError> {
    let end = span.start.checked_add(span.len);
    end.and_then(|end| text.get(span.start as usize..end as usize))
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

/// The text of an optional field's span, as [`text`].
fn maybe<'t>(
    text: &'t str,
    span: Option<wit::Span>,
    field: &str,
) -> Result<Option<&'t str>, wit::RowError> {
    span.map(|span| self::text(text, span, field)).transpose()
}

/// Reads the payout as sent into `into`, refilling its strings in place
/// (a payout that fails to read leaves `into` half refilled: the next one
/// overwrites every field). The rules read blanks as absent themselves.
fn payout(
    t: &str,
    p: &wit::Payout,
    into: &mut m::Payout,
    spare: &mut Spare,
) -> Result<(), wit::RowError> {
    spare.text(&mut into.payout_id, text(t, p.payout_id, "payout_id")?);
    spare.text(
        &mut into.employee_id,
        text(t, p.employee_id, "employee_id")?,
    );
    spare.text(
        &mut into.employee_name,
        text(t, p.employee_name, "employee_name")?,
    );
    spare.text(
        &mut into.residence_country,
        text(t, p.residence_country, "residence_country")?,
    );
    into.amount_minor = p.amount_minor;
    spare.text(&mut into.currency, text(t, p.currency, "currency")?);
    match p.destination {
        wit::Destination::Bank(b) => {
            let bank = spare.bank(&mut into.destination);
            spare.maybe(&mut bank.iban, maybe(t, b.iban, "iban")?);
            spare.maybe(
                &mut bank.account_number,
                maybe(t, b.account_number, "account_number")?,
            );
            spare.maybe(
                &mut bank.routing_number,
                maybe(t, b.routing_number, "routing_number")?,
            );
            spare.maybe(&mut bank.bic, maybe(t, b.bic, "bic")?);
            spare.maybe(
                &mut bank.bank_country,
                maybe(t, b.bank_country, "bank_country")?,
            );
        }
        wit::Destination::Crypto(c) => {
            let wallet = spare.crypto(&mut into.destination);
            spare.text(&mut wallet.address, text(t, c.address, "wallet_address")?);
            spare.maybe(&mut wallet.network, maybe(t, c.network, "wallet_network")?);
        }
        wit::Destination::EWallet(e) => {
            let ewallet = spare.ewallet(&mut into.destination);
            spare.text(
                &mut ewallet.provider,
                text(t, e.provider, "ewallet_provider")?,
            );
            spare.text(&mut ewallet.handle, text(t, e.handle, "ewallet_id")?);
        }
    }
    spare.maybe(
        &mut into.account_holder,
        maybe(t, p.account_holder, "account_holder")?,
    );
    into.account_changed_at = p.account_changed_at.map(date);
    into.pay_date = p.pay_date.map(date);
    spare.maybe(&mut into.phone, maybe(t, p.phone, "phone")?);
    spare.maybe(
        &mut into.ship_to_country,
        maybe(t, p.ship_to_country, "ship_to_country")?,
    );
    spare.maybe(&mut into.reference, maybe(t, p.reference, "reference")?);
    Ok(())
}

/// An empty payout to read a chunk's payouts into, one after another.
fn buffer() -> m::Payout {
    m::Payout {
        payout_id: String::new(),
        employee_id: String::new(),
        employee_name: String::new(),
        residence_country: String::new(),
        amount_minor: 0,
        currency: String::new(),
        destination: Destination::Bank(m::BankAccount::default()),
        account_holder: None,
        account_changed_at: None,
        pay_date: None,
        phone: None,
        ship_to_country: None,
        reference: None,
    }
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
            country: d.profile.country.map(Into::into),
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
                    .map(|e| wit::Evidence {
                        key: e.key,
                        value: e.value,
                    })
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
            country: a.destination.country.map(Cow::into_owned),
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
