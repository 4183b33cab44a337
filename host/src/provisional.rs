//! Pass 1's provisional outcomes, kept for pass 2. A payout that the
//! roster gives no peer group and the history nothing is final as pass 1
//! judged it, so pass 2 does not send it to the rules again: each payout
//! is read and judged once, and only the few that share a key (or have a
//! history) twice.
//!
//! A clean outcome (no findings: most payouts) is kept in 8 bytes. One
//! with findings is kept whole while the run's budget lasts; past it, pass
//! 2 judges that payout again, which gives the same answer at the cost of
//! a call. So 10,000,000 rows cost 80 MB here plus the budget, never the
//! findings of every flagged row.

use crate::model::{Assessment, Decision, DestinationProfile, Finding, Outcome};
use payguard_model::clean_word::Clean;
use std::borrow::Cow;
use std::mem::size_of;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes a run may spend keeping provisional outcomes with findings,
/// shared by its workers.
#[derive(Debug)]
pub(crate) struct Budget(AtomicUsize);

impl Budget {
    /// A budget of `bytes`.
    pub(crate) fn new(bytes: usize) -> Budget {
        Budget(AtomicUsize::new(bytes))
    }

    /// Takes `bytes` from the budget; false, taking nothing, when fewer
    /// are left.
    pub(crate) fn spend(&self, bytes: usize) -> bool {
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }
}

/// The provisional outcomes of one chunk's rows, by the row's place in
/// its chunk.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    slots: Vec<Slot>,
    whole: Vec<Outcome>,
}

/// What is kept of one row.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// Nothing: pass 2 judges the row (unreadable, failed, or over budget).
    Again,
    /// Its assessment without findings, as a clean word.
    Clean(u32),
    /// Its outcome, at this index of `whole`.
    Whole(u32),
}

/// The assessment of `payout_id` a clean word holds.
pub(crate) fn clean_assessment(clean: Clean, payout_id: &str) -> Assessment {
    Assessment {
        payout_id: payout_id.to_string(),
        score: clean.score,
        decision: clean.decision,
        findings: Vec::new(),
        destination: Some(DestinationProfile {
            kind: clean.kind,
            // Lent as static text: a clean payout allocates no country.
            country: clean.country.map(Cow::Borrowed),
        }),
    }
}

impl Kept {
    /// The places of the rows whose outcome is kept.
    pub(crate) fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| !matches!(slot, Slot::Again))
            .map(|(at, _)| at)
    }

    /// Empty, with room for `rows` rows' slots.
    pub(crate) fn for_rows(rows: usize) -> Kept {
        Kept {
            slots: Vec::with_capacity(rows),
            whole: Vec::new(),
        }
    }

    /// Marks the next row as one pass 2 judges again.
    pub(crate) fn again(&mut self) {
        self.slots.push(Slot::Again);
    }

    /// Keeps `outcome` as the next row's, compactly when clean, whole when
    /// `budget` allows, else not at all.
    pub(crate) fn push(&mut self, outcome: Outcome, budget: &Budget) {
        let slot = match &outcome {
            // As one word, the plugin's own form of a clean result.
            Ok(a) => a
                .destination
                .as_ref()
                .and_then(|d| Clean::of_assessment(a.score, a.decision, &a.findings, d))
                .map(Slot::Clean),
            Err(_) => None,
        };
        let slot = slot.unwrap_or_else(|| match u32::try_from(self.whole.len()) {
            Ok(at) if budget.spend(weight(&outcome)) => {
                self.whole.push(outcome);
                Slot::Whole(at)
            }
            _ => Slot::Again,
        });
        self.slots.push(slot);
    }

    /// The provisional outcome of the row at `at` of the chunk, whose
    /// payout is `payout_id`, when one was kept; each is taken once. Pass 1
    /// may leave an outcome's id empty: it is set here.
    pub(crate) fn take(&mut self, at: usize, payout_id: &str) -> Option<Outcome> {
        let slot = std::mem::replace(self.slots.get_mut(at)?, Slot::Again);
        match slot {
            Slot::Again => None,
            Slot::Clean(word) => {
                // Written by `Clean::of_assessment`, so it reads back; were it not,
                // pass 2 would judge the row again.
                let clean = Clean::read(word).ok()??;
                Some(Ok(clean_assessment(clean, payout_id)))
            }
            Slot::Whole(i) => {
                let kept = self.whole.get_mut(i as usize)?;
                let mut outcome = std::mem::replace(kept, Ok(empty()));
                let id = match &mut outcome {
                    Ok(a) => &mut a.payout_id,
                    Err(e) => &mut e.payout_id,
                };
                if id.is_empty() {
                    payout_id.clone_into(id);
                }
                Some(outcome)
            }
        }
    }
}

/// What stands in for an outcome taken out of `whole`.
fn empty() -> Assessment {
    Assessment {
        payout_id: String::new(),
        score: 0,
        decision: Decision::Allow,
        findings: Vec::new(),
        destination: None,
    }
}

/// About how many bytes `outcome` holds: itself and each heap block of
/// its strings and lists, as glibc's malloc sizes a block (the request
/// and 8 bytes, rounded up to 16, at least 32), so the budget is close to
/// what the process holds.
fn weight(outcome: &Outcome) -> usize {
    fn block(bytes: usize) -> usize {
        if bytes == 0 {
            0
        } else {
            (bytes + 8).next_multiple_of(16).max(32)
        }
    }
    fn list<T>(items: &[T], each: impl Fn(&T) -> usize) -> usize {
        block(std::mem::size_of_val(items)) + items.iter().map(each).sum::<usize>()
    }
    let text = |s: &String| block(s.len());
    let lent = |s: &Cow<'static, str>| match s {
        Cow::Borrowed(_) => 0,
        Cow::Owned(owned) => text(owned),
    };
    let finding = |f: &Finding| {
        // A rule's id is lent by the native rules, owned from the plugin.
        lent(&f.rule)
            + text(&f.message)
            + list(&f.evidence, |e| text(&e.key) + text(&e.value))
            + list(&f.related_payouts, text)
            + list(&f.related_employees, text)
            + f.waiver.as_ref().map_or(0, |w| text(&w.reason))
    };
    size_of::<Outcome>()
        + match outcome {
            Ok(a) => {
                text(&a.payout_id)
                    + list(&a.findings, finding)
                    + a.destination
                        .as_ref()
                        .and_then(|d| d.country.as_ref())
                        .map_or(0, lent)
            }
            Err(e) => text(&e.payout_id) + e.field.as_ref().map_or(0, text) + text(&e.message),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, DestinationKind, Evidence, RowError, Severity};

    fn clean(country: Option<&str>) -> Outcome {
        Ok(Assessment {
            payout_id: "P1".into(),
            score: 0,
            decision: Decision::Allow,
            findings: Vec::new(),
            destination: Some(DestinationProfile {
                kind: DestinationKind::Bank,
                country: country.map(|c| c.to_string().into()),
            }),
        })
    }

    fn flagged() -> Outcome {
        Ok(Assessment {
            findings: vec![Finding {
                rule: "crypto-destination".into(),
                category: Category::CryptoWallet,
                severity: Severity::High,
                points: 50,
                message: "Salary paid to a crypto wallet.".into(),
                evidence: vec![Evidence {
                    key: "network".into(),
                    value: "TRON".into(),
                }],
                related_payouts: Vec::new(),
                related_employees: Vec::new(),
                waiver: None,
            }],
            score: 50,
            decision: Decision::Review,
            ..clean(None).unwrap()
        })
    }

    #[test]
    fn a_clean_outcome_comes_back_as_it_went_in_and_only_once() {
        let mut kept = Kept::default();
        let budget = Budget::new(0);
        kept.push(clean(Some("DE")), &budget);
        kept.push(clean(None), &budget);
        assert_eq!(kept.take(0, "P1"), Some(clean(Some("DE"))));
        assert_eq!(kept.take(1, "P1"), Some(clean(None)));
        assert_eq!(kept.take(0, "P1"), None);
        assert_eq!(kept.take(2, "P1"), None);
    }

    #[test]
    fn findings_and_row_errors_are_kept_while_the_budget_lasts() {
        let error: Outcome = Err(RowError {
            payout_id: "P1".into(),
            field: Some("iban".into()),
            message: "not an IBAN".into(),
        });
        let budget = Budget::new(weight(&flagged()) + weight(&error));
        let mut kept = Kept::default();
        kept.push(flagged(), &budget);
        kept.push(error.clone(), &budget);
        kept.push(flagged(), &budget);
        kept.again();
        assert_eq!(kept.take(0, "P1"), Some(flagged()));
        assert_eq!(kept.take(1, "P1"), Some(error));
        // Over budget: pass 2 judges it again.
        assert_eq!(kept.take(2, "P1"), None);
        assert_eq!(kept.take(3, "P1"), None);
    }

    #[test]
    fn a_country_that_is_not_two_upper_case_letters_is_kept_whole() {
        for (at, odd) in ["DEU", "de"].into_iter().enumerate() {
            let odd = clean(Some(odd));
            let mut kept = Kept::default();
            kept.push(odd.clone(), &Budget::new(1 << 20));
            assert!(matches!(kept.slots[0], Slot::Whole(0)), "{at}");
            assert_eq!(kept.take(0, "P1"), Some(odd));
        }
    }

    #[test]
    fn a_kept_country_comes_back_lent() {
        let mut kept = Kept::default();
        kept.push(clean(Some("DE")), &Budget::new(0));
        let Some(Ok(back)) = kept.take(0, "P1") else {
            panic!("kept clean")
        };
        let country = back.destination.and_then(|d| d.country);
        assert!(matches!(country, Some(Cow::Borrowed("DE"))), "{country:?}");
    }

    /// What makes 10,000,000 clean rows cost 80 MB.
    #[test]
    fn a_slot_is_eight_bytes() {
        assert_eq!(size_of::<Slot>(), 8);
    }
}
