//! The one place that knows about WIT: converts the generated types to the
//! plain model and back. No rule logic here.

use crate::allowlist::AllowEntry;
use crate::model::{self as m, Destination};
use crate::policy::{Policy, PolicyInput, RuleSettingInput};
use crate::refill::Spare;
use crate::{assess, info, roster, rules};
use payguard_model::chunk_words::{self as flat, WORDS, at};
use payguard_model::clean_word::{Clean, FLAGGED};
use std::borrow::Cow;

wit_bindgen::generate!({ world: "plugin", path: "../wit/since_v0.7.0" });

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
        for (index, p) in (0..).zip(payouts(&chunk)) {
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
        let count = payouts(&chunk).len();
        // Most payouts carry one to three keys.
        let mut keys = Vec::with_capacity(2 * count);
        let mut provisional = Vec::with_capacity(count);
        let mut flagged = Vec::new();
        let (mut payout, mut spare) = (buffer(), Spare::default());
        for (index, p) in (0..).zip(payouts(&chunk)) {
            if let Err(e) = self::payout(&chunk.text, p, &mut payout, &mut spare) {
                provisional.push(FLAGGED);
                flagged.push(Err(e));
                continue;
            }
            let (payout_keys, result) = assess::keyed(&payout, &self.policy);
            keys.extend(payout_keys.into_iter().map(|k| roster_key(index, k)));
            // Most payouts have no findings: one word each.
            let word = result.as_ref().ok().and_then(|a| {
                Clean::of_assessment(a.score, a.decision, &a.findings, &a.destination)
            });
            match word {
                Some(word) => provisional.push(word),
                None => {
                    provisional.push(FLAGGED);
                    flagged.push(result.map(assessment).map_err(row_error));
                }
            }
        }
        wit::KeyedChunk {
            keys,
            provisional,
            flagged,
        }
    }

    fn assess(
        &self,
        chunk: wit::Chunk,
        peers: Vec<wit::PeerGroup>,
        history: Vec<wit::PayoutHistory>,
    ) -> Vec<Result<wit::Assessment, wit::RowError>> {
        let count = payouts(&chunk).len();
        let mut groups: Vec<Vec<m::PeerGroup>> = (0..count).map(|_| Vec::new()).collect();
        for group in peers {
            if let Some(of) = groups.get_mut(group.payout as usize) {
                of.push(peer_group(group));
            }
        }
        let mut earlier: Vec<Vec<m::EarlierDestination>> = (0..count).map(|_| Vec::new()).collect();
        for h in history {
            if let Some(of) = earlier.get_mut(h.payout as usize) {
                of.extend(h.destinations.into_iter().map(earlier_destination));
            }
        }
        let (mut payout, mut spare) = (buffer(), Spare::default());
        payouts(&chunk)
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

/// The chunk's payouts, each its words; a last one cut short by a list
/// that is not a whole number of payouts is read as a payout too, and
/// fails.
fn payouts(chunk: &wit::Chunk) -> std::slice::Chunks<'_, u32> {
    chunk.payouts.chunks(WORDS)
}

/// Why the payout at `field` cannot be read.
fn unreadable(field: &str, message: String) -> wit::RowError {
    wit::RowError {
        field: Some(field.into()),
        message,
    }
}

/// The text of the optional field at `at`, or why it cannot be read,
/// naming `field`. Asked 14 times a payout: the reason is built out of
/// line, so this stays small enough to inline and needs no frame on the
/// shadow stack.
#[inline(always)]
fn maybe<'t>(
    text: &'t str,
    words: &[u32; WORDS],
    at: usize,
    field: &str,
) -> Result<Option<&'t str>, wit::RowError> {
    let Some((start, len)) = flat::span(words, at) else {
        return Ok(None);
    };
    let end = start.checked_add(len);
    match end.and_then(|end| text.get(start as usize..end as usize)) {
        Some(value) => Ok(Some(value)),
        None => Err(outside(text, start, len, field)),
    }
}

/// Why the span `start`..+`len` of `text` cannot be read as `field`.
#[cold]
#[inline(never)]
fn outside(text: &str, start: u32, len: u32, field: &str) -> wit::RowError {
    unreadable(
        field,
        format!(
            "the host sent bytes {start}..+{len} of a {}-byte text for this field: outside it or through a character",
            text.len()
        ),
    )
}

/// The text of the required field at `at`, as [`maybe`].
#[inline(always)]
fn text<'t>(
    t: &'t str,
    words: &[u32; WORDS],
    at: usize,
    field: &str,
) -> Result<&'t str, wit::RowError> {
    match maybe(t, words, at, field)? {
        Some(value) => Ok(value),
        None => Err(absent(field)),
    }
}

/// Why a required field sent absent cannot be read.
#[cold]
#[inline(never)]
fn absent(field: &str) -> wit::RowError {
    unreadable(
        field,
        "the host sent no text for this required field".into(),
    )
}

/// Reads the payout whose words are `p` into `into`, refilling its
/// strings in place (a payout that fails to read leaves `into` half
/// refilled: the next one overwrites every field). The rules read blanks
/// as absent themselves.
fn payout(
    t: &str,
    p: &[u32],
    into: &mut m::Payout,
    spare: &mut Spare,
) -> Result<(), wit::RowError> {
    // No one field is at fault when the chunk's list is cut short.
    let w: &[u32; WORDS] = p.try_into().map_err(|_| wit::RowError {
        field: None,
        message: format!(
            "the host sent {} words for this payout, not {WORDS}: the chunk's list is cut short",
            p.len()
        ),
    })?;
    spare.text(&mut into.payout_id, text(t, w, at::PAYOUT_ID, "payout_id")?);
    spare.text(
        &mut into.employee_id,
        text(t, w, at::EMPLOYEE_ID, "employee_id")?,
    );
    spare.text(
        &mut into.employee_name,
        text(t, w, at::EMPLOYEE_NAME, "employee_name")?,
    );
    spare.text(
        &mut into.residence_country,
        text(t, w, at::RESIDENCE_COUNTRY, "residence_country")?,
    );
    into.amount_minor = flat::amount_minor(w);
    spare.text(&mut into.currency, text(t, w, at::CURRENCY, "currency")?);
    let field = |i: usize| at::DESTINATION + 2 * i;
    match w[at::DESTINATION_KIND] {
        flat::kind::BANK => {
            let bank = spare.bank(&mut into.destination);
            spare.maybe(&mut bank.iban, maybe(t, w, field(0), "iban")?);
            spare.maybe(
                &mut bank.account_number,
                maybe(t, w, field(1), "account_number")?,
            );
            spare.maybe(
                &mut bank.routing_number,
                maybe(t, w, field(2), "routing_number")?,
            );
            spare.maybe(&mut bank.bic, maybe(t, w, field(3), "bic")?);
            spare.maybe(
                &mut bank.bank_country,
                maybe(t, w, field(4), "bank_country")?,
            );
        }
        flat::kind::CRYPTO => {
            let wallet = spare.crypto(&mut into.destination);
            spare.text(&mut wallet.address, text(t, w, field(0), "wallet_address")?);
            spare.maybe(
                &mut wallet.network,
                maybe(t, w, field(1), "wallet_network")?,
            );
        }
        flat::kind::E_WALLET => {
            let ewallet = spare.ewallet(&mut into.destination);
            spare.text(
                &mut ewallet.provider,
                text(t, w, field(0), "ewallet_provider")?,
            );
            spare.text(&mut ewallet.handle, text(t, w, field(1), "ewallet_id")?);
        }
        other => {
            return Err(unreadable(
                "method",
                format!(
                    "the host sent destination kind {other}; 0, 1 and 2 are a bank account, a crypto wallet and an e-wallet"
                ),
            ));
        }
    }
    spare.maybe(
        &mut into.account_holder,
        maybe(t, w, at::ACCOUNT_HOLDER, "account_holder")?,
    );
    into.account_changed_at = flat::word_date(w[at::ACCOUNT_CHANGED_AT]);
    into.pay_date = flat::word_date(w[at::PAY_DATE]);
    spare.maybe(&mut into.phone, maybe(t, w, at::PHONE, "phone")?);
    spare.maybe(
        &mut into.ship_to_country,
        maybe(t, w, at::SHIP_TO_COUNTRY, "ship_to_country")?,
    );
    spare.maybe(
        &mut into.reference,
        maybe(t, w, at::REFERENCE, "reference")?,
    );
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
