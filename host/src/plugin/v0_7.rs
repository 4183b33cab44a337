//! The thin layer for `payguard:risk@0.7.0`: the generated bindings and the
//! conversions between them and the host's own types. Each contract version
//! gets a sibling module; the rest of the host does not change.

use crate::model as m;
use crate::provisional;
use crate::roster::Peers;
use crate::spans::Text;
/// A payout whose text alone is more than a span can address.
pub(crate) use crate::spans::TooLong;
use payguard_model::chunk_words;
use payguard_model::clean_word::Clean;
pub(crate) use payguard_model::clean_word::FLAGGED;

wasmtime::component::bindgen!({
    world: "plugin",
    path: "../wit/since_v0.7.0",
    // The policy and peer groups are lowered from borrowed host strings,
    // never cloned first.
    ownership: Borrowing { duplicate_if_necessary: true },
});

/// The generated types of the `scoring` interface.
pub mod wit {
    pub use super::exports::payguard::risk::scoring::*;
}

/// The package this module speaks, as a component names its export.
pub(crate) const EXPORT: &str = "payguard:risk/scoring@0.7.0";

/// Text a chunk may carry per call; a bigger chunk is sent in parts so no
/// call nears wasmtime's copy budget or the plugin's memory.
const TEXT_PER_CALL: usize = 64 << 20;

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

/// Payouts as the plugin takes them: their text in one string, their
/// fields in one list of words ([`chunk_words`]), so a chunk costs two
/// copies into the plugin.
#[derive(Default)]
pub(crate) struct Chunk {
    text: Text,
    words: Vec<u32>,
}

impl Chunk {
    /// The payouts of `payouts` in parts of at most [`TEXT_PER_CALL`]
    /// bytes of text (one payout at least), each with the index of its
    /// first payout.
    pub(crate) fn parts<'a>(
        payouts: &'a [&'a m::Payout],
    ) -> impl Iterator<Item = Result<(usize, Chunk), TooLong>> + 'a {
        let mut next = 0;
        std::iter::from_fn(move || {
            let first = next;
            let mut chunk = Chunk::default();
            // Sized once for a pipeline's chunk: growing it would copy the
            // words again at each doubling.
            let expected = (payouts.len() - first).min(super::CHUNK_SIZE);
            chunk.words.reserve_exact(expected * chunk_words::WORDS);
            while let Some(payout) = payouts.get(next) {
                if !chunk.words.is_empty() && chunk.text.0.len() >= TEXT_PER_CALL {
                    break;
                }
                next += 1;
                if let Err(e) = chunk.push(payout) {
                    return Some(Err(e));
                }
            }
            (next > first).then_some(Ok((first, chunk)))
        })
    }

    /// The chunk as the plugin's call takes it.
    pub(crate) fn lowered(&self) -> wit::Chunk<'_> {
        wit::Chunk {
            text: &self.text.0,
            payouts: &self.words,
        }
    }

    /// How many payouts it holds.
    pub(crate) fn len(&self) -> usize {
        self.words.len() / chunk_words::WORDS
    }

    fn push(&mut self, p: &m::Payout) -> Result<(), TooLong> {
        let words = self.text.words(p)?;
        self.words.extend_from_slice(&words);
        Ok(())
    }
}

/// A peer group of the payout at `index` of its call, as the plugin
/// takes it, with its earlier payouts already converted.
pub(crate) fn peer_group<'a>(
    index: u32,
    p: &'a Peers<'a>,
    earlier: &'a [wit::EarlierPayout<'a>],
) -> wit::PeerGroup<'a> {
    wit::PeerGroup {
        payout: index,
        kind: match p.kind {
            m::KeyKind::Destination => wit::KeyKind::Destination,
            m::KeyKind::AccountHolder => wit::KeyKind::AccountHolder,
            m::KeyKind::Phone => wit::KeyKind::Phone,
        },
        employee_count: p.employee_count,
        other_employees: &p.employees,
        other_payouts: &p.payouts,
        earlier,
    }
}

/// An earlier payout of the history, as the plugin takes it.
pub(crate) fn earlier_payout(e: &m::EarlierPayout) -> wit::EarlierPayout<'_> {
    wit::EarlierPayout {
        employee: &e.employee,
        payout: &e.payout,
        payroll: &e.payroll,
        other_payroll: e.other_payroll,
        pay_date: date(e.pay_date),
    }
}

/// The employee's earlier destinations of the payout at `index` of its
/// call, as the plugin takes them.
pub(crate) fn payout_history<'a>(
    index: u32,
    destinations: &'a [wit::EarlierDestination<'a>],
) -> wit::PayoutHistory<'a> {
    wit::PayoutHistory {
        payout: index,
        destinations,
    }
}

/// One earlier destination, as the plugin takes it.
pub(crate) fn earlier_destination(d: &m::EarlierDestination) -> wit::EarlierDestination<'_> {
    wit::EarlierDestination {
        current: d.current,
        profile: wit::DestinationProfileParam {
            kind: destination_kind(d.profile.kind),
            country: d.profile.country.as_deref(),
        },
        first_paid: date(d.first_paid),
        last_paid: date(d.last_paid),
        payout: &d.payout,
    }
}

fn destination_kind(k: m::DestinationKind) -> wit::DestinationKind {
    match k {
        m::DestinationKind::Bank => wit::DestinationKind::Bank,
        m::DestinationKind::Crypto => wit::DestinationKind::Crypto,
        m::DestinationKind::EWallet => wit::DestinationKind::EWallet,
    }
}

/// A roster key as the host notes it: the digest's two halves joined.
pub(crate) fn roster_key(k: &wit::RosterKey) -> m::RosterKey {
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

/// The outcome for the payout `payout_id`, which the result does not
/// repeat.
pub(crate) fn outcome(payout_id: &str, r: Result<wit::Assessment, wit::RowError>) -> m::Outcome {
    match r {
        Ok(a) => Ok(m::Assessment {
            payout_id: payout_id.to_string(),
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
                    rule: f.rule.into(),
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
            destination: Some(m::DestinationProfile {
                kind: match a.destination.kind {
                    wit::DestinationKind::Bank => m::DestinationKind::Bank,
                    wit::DestinationKind::Crypto => m::DestinationKind::Crypto,
                    wit::DestinationKind::EWallet => m::DestinationKind::EWallet,
                },
                country: a.destination.country.map(Into::into),
            }),
        }),
        Err(e) => Err(m::RowError {
            payout_id: payout_id.to_string(),
            field: e.field,
            message: e.message,
        }),
    }
}

/// The assessment a provisional word holds, its payout id left empty;
/// none for [`FLAGGED`] (the result is a record of `flagged`), or which
/// part of the word is outside the contract's table.
pub(crate) fn clean_assessment(word: u32) -> Result<Option<m::Assessment>, String> {
    Ok(Clean::read(word)?.map(|c| provisional::clean_assessment(c, "")))
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
