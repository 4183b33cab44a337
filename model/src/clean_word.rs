//! Contract 0.7's word for a provisional result without findings (the
//! table is `keyed-chunk.provisional` in `wit/since_v0.7.0/payguard.wit`).
//! Most payouts of a payroll are clean, so pass 1 returns each as one
//! word of a list, lifted by the host as one copy, instead of a record
//! with a country string the plugin allocates and the host copies out.
//! The plugin that writes words and the hosts that read them share this
//! one layout.

use crate::{Decision, DestinationKind, DestinationProfile, Finding, letter_pairs};

/// The word of a payout whose result is sent as a record instead.
pub const FLAGGED: u32 = u32::MAX;

/// An assessment without findings, as one word carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clean {
    pub score: u8,
    pub decision: Decision,
    pub kind: DestinationKind,
    /// The destination's country, an upper-case letter pair, as static
    /// text.
    pub country: Option<&'static str>,
}

impl Clean {
    /// `score`, `decision`, `kind` and `country` as a clean word; none
    /// when the country is not an upper-case letter pair (the result then
    /// goes as a record).
    pub fn word(
        score: u8,
        decision: Decision,
        kind: DestinationKind,
        country: Option<&str>,
    ) -> Option<u32> {
        let letters = match country {
            None => 0,
            Some(code) => {
                letter_pairs::pair_index(code)?;
                let [a, b] = code.as_bytes() else {
                    return None;
                };
                u32::from(*a) << 16 | u32::from(*b) << 24
            }
        };
        let decision = match decision {
            Decision::Allow => 0,
            Decision::Review => 1,
            Decision::Block => 2,
        };
        let kind = match kind {
            DestinationKind::Bank => 0,
            DestinationKind::Crypto => 1,
            DestinationKind::EWallet => 2,
        };
        Some(u32::from(score) | decision << 8 | kind << 10 | letters)
    }

    /// The word of an assessment with `findings` and `destination`, as
    /// the plugin sends it and the host keeps it; none when it has
    /// findings or its country is not an upper-case letter pair.
    pub fn of_assessment(
        score: u8,
        decision: Decision,
        findings: &[Finding],
        destination: &DestinationProfile,
    ) -> Option<u32> {
        if !findings.is_empty() {
            return None;
        }
        Clean::word(
            score,
            decision,
            destination.kind,
            destination.country.as_deref(),
        )
    }

    /// What `word` holds: none for [`FLAGGED`], or an error saying which
    /// part of it is outside the table.
    pub fn read(word: u32) -> Result<Option<Clean>, String> {
        if word == FLAGGED {
            return Ok(None);
        }
        let decision = match word >> 8 & 3 {
            0 => Decision::Allow,
            1 => Decision::Review,
            2 => Decision::Block,
            other => return Err(format!("decision {other}")),
        };
        let kind = match word >> 10 & 3 {
            0 => DestinationKind::Bank,
            1 => DestinationKind::Crypto,
            2 => DestinationKind::EWallet,
            other => return Err(format!("destination kind {other}")),
        };
        if word >> 12 & 0xf != 0 {
            return Err(format!("bits 12-15 set ({:#x})", word >> 12 & 0xf));
        }
        let letters = [(word >> 16) as u8, (word >> 24) as u8];
        let country = match letters {
            [0, 0] => None,
            _ => {
                let code = std::str::from_utf8(&letters).ok();
                let code = code.and_then(letter_pairs::code);
                Some(code.ok_or_else(|| format!("country bytes {letters:?}"))?)
            }
        };
        Ok(Some(Clean {
            score: word as u8,
            decision,
            kind,
            country,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECISIONS: [Decision; 3] = [Decision::Allow, Decision::Review, Decision::Block];
    const KINDS: [DestinationKind; 3] = [
        DestinationKind::Bank,
        DestinationKind::Crypto,
        DestinationKind::EWallet,
    ];

    /// Every score, decision, kind and a spread of countries come back as
    /// they went, and no word is the flag.
    #[test]
    fn a_clean_result_reads_back_as_written() {
        for score in 0..=u8::MAX {
            for decision in DECISIONS {
                for kind in KINDS {
                    for country in [None, Some("AA"), Some("DE"), Some("ZZ")] {
                        let word = Clean::word(score, decision, kind, country).unwrap();
                        assert_ne!(word, FLAGGED);
                        let clean = Clean::read(word).unwrap().unwrap();
                        assert_eq!(
                            clean,
                            Clean {
                                score,
                                decision,
                                kind,
                                country
                            }
                        );
                    }
                }
            }
        }
    }

    /// The table's own example: a bank in DE, allowed with score 0.
    #[test]
    fn the_word_follows_the_wit_table() {
        let word = Clean::word(0, Decision::Allow, DestinationKind::Bank, Some("DE"));
        assert_eq!(word, Some(u32::from(b'D') << 16 | u32::from(b'E') << 24));
        let word = Clean::word(42, Decision::Block, DestinationKind::EWallet, None);
        assert_eq!(word, Some(42 | 2 << 8 | 2 << 10));
    }

    /// A country that is not an upper-case pair has no word: the result
    /// goes as a record, never with its country changed.
    #[test]
    fn a_country_outside_the_pairs_has_no_word() {
        for country in ["de", "D", "DEU", "Ä", ""] {
            let word = Clean::word(0, Decision::Allow, DestinationKind::Bank, Some(country));
            assert_eq!(word, None, "{country}");
        }
    }

    /// An assessment with findings has no word: its findings go as a
    /// record. Without, it is the word of its parts.
    #[test]
    fn only_an_assessment_without_findings_has_a_word() {
        let de = DestinationProfile {
            kind: DestinationKind::Bank,
            country: Some("DE".into()),
        };
        let finding = Finding {
            rule: "e-money".into(),
            category: crate::Category::EMoney,
            severity: crate::Severity::Medium,
            points: 25,
            message: "The pay goes to an e-money institution.".into(),
            evidence: Vec::new(),
            related_payouts: Vec::new(),
            related_employees: Vec::new(),
            waiver: None,
        };
        let with = Clean::of_assessment(25, Decision::Allow, &[finding], &de);
        assert_eq!(with, None);
        let without = Clean::of_assessment(0, Decision::Allow, &[], &de);
        assert_eq!(
            without,
            Clean::word(0, Decision::Allow, DestinationKind::Bank, Some("DE"))
        );
    }

    /// A word outside the table is refused, naming the part at fault.
    #[test]
    fn a_word_outside_the_table_is_refused() {
        let de = u32::from(b'D') << 16 | u32::from(b'E') << 24;
        for (word, says) in [
            (3 << 8, "decision 3"),
            (3 << 10, "destination kind 3"),
            (1 << 12, "bits 12-15"),
            (u32::from(b'D') << 16, "country bytes"),
            (de | 1 << 31, "country bytes"),
        ] {
            let error = Clean::read(word).unwrap_err();
            assert!(error.contains(says), "{word:#x}: {error}");
        }
        assert_eq!(Clean::read(FLAGGED), Ok(None));
    }
}
