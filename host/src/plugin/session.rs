//! One worker's own store: the plugin instantiated once, a scorer made for
//! one policy, then chunk after chunk through it.

use super::{Plugin, State, latest};
use crate::error::Error;
use crate::model::{Outcome, Payout, RosterKey};
use crate::scoring::Item;
use latest::{Chunk, TooLong, wit};
use wasmtime::Store;
use wasmtime::component::ResourceAny;

/// A store with the plugin and a scorer; it lives as long as one pass.
pub(crate) struct Session<'p> {
    pub(super) plugin: &'p Plugin,
    pub(super) store: Store<State>,
    pub(super) bindings: latest::Plugin,
    pub(super) scorer: ResourceAny,
}

impl Session<'_> {
    /// Pass 1: the roster keys of each payout, in order.
    pub fn roster_keys(&mut self, payouts: &[&Payout]) -> Result<Vec<Vec<RosterKey>>, Error> {
        const DURING: &str = "computing roster keys";
        let mut out: Vec<Vec<RosterKey>> = payouts.iter().map(|_| Vec::new()).collect();
        for part in Chunk::parts(payouts) {
            let (first, chunk) = part.map_err(|e| too_long(DURING, e))?;
            self.plugin.arm(&mut self.store);
            let keys = self
                .bindings
                .payguard_risk_scoring()
                .scorer()
                .call_roster_keys(&mut self.store, self.scorer, chunk.lowered())
                .map_err(|e| Error::plugin(DURING, e))?;
            place_keys("roster-keys", &keys, chunk.len(), &mut out[first..])?;
        }
        Ok(out)
    }

    /// Pass 1 with each payout's provisional outcome: judged with no peer
    /// group and no history, in order, without its payout id.
    pub fn keys_and_provisional(&mut self, payouts: &[&Payout]) -> Result<Keyed, Error> {
        const DURING: &str = "computing roster keys and assessing payouts";
        let mut keys: Vec<Vec<RosterKey>> = payouts.iter().map(|_| Vec::new()).collect();
        let mut outcomes = Vec::with_capacity(payouts.len());
        for part in Chunk::parts(payouts) {
            let (first, chunk) = part.map_err(|e| too_long(DURING, e))?;
            self.plugin.arm(&mut self.store);
            let keyed = self
                .bindings
                .payguard_risk_scoring()
                .scorer()
                .call_keys_and_provisional(&mut self.store, self.scorer, chunk.lowered())
                .map_err(|e| Error::plugin(DURING, e))?;
            let call = "keys-and-provisional";
            place_keys(call, &keyed.keys, chunk.len(), &mut keys[first..])?;
            expect_len(call, chunk.len(), keyed.provisional.len())?;
            place_provisional(call, &keyed.provisional, keyed.flagged, &mut outcomes)?;
        }
        Ok((keys, outcomes))
    }

    /// Pass 2: one outcome per payout, in order, each judged with its
    /// peer groups and its employee's earlier destinations.
    pub fn assess(&mut self, items: &[Item<'_>]) -> Result<Vec<Outcome>, Error> {
        let payouts: Vec<&Payout> = items.iter().map(|i| i.payout).collect();
        let mut out = Vec::with_capacity(items.len());
        for part in Chunk::parts(&payouts) {
            let (first, chunk) = part.map_err(|e| too_long("assessing payouts", e))?;
            let items = &items[first..first + chunk.len()];
            // The lists the groups and histories borrow live for the call.
            let earlier: Vec<Vec<wit::EarlierPayout<'_>>> = items
                .iter()
                .flat_map(|i| &i.peers)
                .map(|p| p.earlier.iter().map(latest::earlier_payout).collect())
                .collect();
            let mut peers = Vec::with_capacity(earlier.len());
            let mut lists = earlier.iter();
            for (index, item) in (0..).zip(items) {
                for group in &item.peers {
                    let list = lists.next().expect("one list per group");
                    peers.push(latest::peer_group(index, group, list));
                }
            }
            let destinations: Vec<Vec<wit::EarlierDestination<'_>>> = items
                .iter()
                .map(|i| i.history.iter().map(latest::earlier_destination).collect())
                .collect();
            let histories: Vec<wit::PayoutHistory<'_>> = (0..)
                .zip(&destinations)
                .filter(|(_, d)| !d.is_empty())
                .map(|(index, d)| latest::payout_history(index, d))
                .collect();
            self.plugin.arm(&mut self.store);
            let results = self
                .bindings
                .payguard_risk_scoring()
                .scorer()
                .call_assess(
                    &mut self.store,
                    self.scorer,
                    chunk.lowered(),
                    &peers,
                    &histories,
                )
                .map_err(|e| Error::plugin("assessing payouts", e))?;
            expect_len("assess", items.len(), results.len())?;
            out.extend(
                items
                    .iter()
                    .zip(results)
                    .map(|(item, r)| latest::outcome(&item.payout.payout_id, r)),
            );
        }
        Ok(out)
    }
}

/// Each payout's roster keys and provisional outcome, in order; an
/// outcome's payout id may be left empty.
pub(crate) type Keyed = (Vec<Vec<RosterKey>>, Vec<Outcome>);

/// Adds the keys `call` returned for a part of `len` payouts to `out`,
/// the lists of that part's payouts.
fn place_keys(
    call: &str,
    keys: &[wit::RosterKey],
    len: usize,
    out: &mut [Vec<RosterKey>],
) -> Result<(), Error> {
    let mut last = 0;
    for key in keys {
        // In order and inside the part, or the plugin broke the contract:
        // a key must not land on another payout.
        let index = key.payout as usize;
        if index >= len || index < last {
            return Err(Error::Contract(format!(
                "{call} returned a key for payout {index} of {len} (after one for payout {last})"
            )));
        }
        last = index;
        out[index].push(latest::roster_key(key));
    }
    Ok(())
}

/// Adds the outcomes of a part's provisional words to `out`, taking the
/// result of each flagged word from `flagged`, in order. Most are then
/// kept in compact form, or not at all: the id is copied in only when one
/// is taken (`provisional::Kept`).
fn place_provisional(
    call: &str,
    words: &[u32],
    flagged: Vec<Result<wit::Assessment, wit::RowError>>,
    out: &mut Vec<Outcome>,
) -> Result<(), Error> {
    let expected = words.iter().filter(|&&w| w == latest::FLAGGED).count();
    if expected != flagged.len() {
        return Err(Error::Contract(format!(
            "{call} returned {} flagged results for {expected} flagged payouts",
            flagged.len()
        )));
    }
    let mut flagged = flagged.into_iter();
    for (index, &word) in words.iter().enumerate() {
        let clean = latest::clean_assessment(word).map_err(|e| {
            Error::Contract(format!(
                "{call} returned the word {word:#010x} for payout {index}: its {e} is outside the contract's table"
            ))
        })?;
        out.push(match clean {
            Some(a) => Ok(a),
            None => latest::outcome("", flagged.next().expect("counted above")),
        });
    }
    Ok(())
}

/// A payout too long to send is the payout's fault: as a failure of the
/// plugin's call, it is rejected alone and the rest are scored.
fn too_long(during: &'static str, _: TooLong) -> Error {
    Error::Plugin {
        during,
        reason: "its text is over 4 GiB, more than the contract can carry".into(),
    }
}

fn expect_len(call: &str, sent: usize, got: usize) -> Result<(), Error> {
    if sent == got {
        Ok(())
    } else {
        Err(Error::Contract(format!(
            "{call} returned {got} results for {sent} payouts"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BankAccount, Destination};

    fn anna() -> Payout {
        Payout {
            payout_id: "P1".into(),
            employee_id: "E1".into(),
            employee_name: "Anna Schmidt".into(),
            residence_country: "DE".into(),
            amount_minor: 100,
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
            reference: Some("Gehalt März".into()),
        }
    }

    /// The plugin reads a field it cannot use as that payout's error,
    /// naming the field, and scores the rest of the chunk: a span outside
    /// the text or through a character, a required field sent absent, a
    /// destination kind the contract does not have, and a last payout cut
    /// short by a list that is not a whole number of payouts.
    #[test]
    fn a_field_the_plugin_cannot_read_is_that_payouts_row_error() {
        use payguard_model::chunk_words::{NONE, WORDS, at};
        let plugin = Plugin::embedded().unwrap();
        let mut session = plugin.session(&plugin.default_policy().unwrap()).unwrap();
        let payout = anna();
        let good = Chunk::parts(&[&payout]).next().unwrap().unwrap().1;
        let good = good.lowered();
        let text = good.text;
        let mut payouts: Vec<[u32; WORDS]> = vec![good.payouts.try_into().unwrap(); 5];
        // Past the end of the text; then ending inside the two bytes of "ä".
        payouts[1][at::EMPLOYEE_NAME + 1] = text.len() as u32;
        let umlaut = text.find('ä').unwrap() as u32;
        payouts[2][at::REFERENCE] = umlaut - 2;
        payouts[2][at::REFERENCE + 1] = 3;
        payouts[3][at::EMPLOYEE_ID] = NONE;
        payouts[4][at::DESTINATION_KIND] = 3;
        let mut words = payouts.concat();
        words.extend_from_slice(&good.payouts[..5]);
        session.plugin.arm(&mut session.store);
        let results = session
            .bindings
            .payguard_risk_scoring()
            .scorer()
            .call_assess(
                &mut session.store,
                session.scorer,
                wit::Chunk {
                    text,
                    payouts: &words,
                },
                &[],
                &[],
            )
            .unwrap();
        let errors: Vec<Option<wit::RowError>> = results.into_iter().map(|r| r.err()).collect();
        assert!(errors[5].as_ref().unwrap().message.contains("cut short"));
        let fields: Vec<Option<String>> = errors
            .into_iter()
            .map(|e| e.and_then(|e| e.field))
            .collect();
        let field = |name: &str| Some(name.to_string());
        assert_eq!(
            fields,
            [
                None,
                field("employee_name"),
                field("reference"),
                field("employee_id"),
                field("method"),
                None,
            ]
        );
    }
}
