//! A plugin that misbehaves on request, to prove the host's sandbox holds.
//! `assess` misbehaves when any payout of its batch has the id:
//! - `loop`: spins forever (the epoch deadline must stop it);
//! - `grow`: allocates until memory runs out (the store limit must stop it);
//! - `trap`: panics, which traps (only that payout may fail);
//! - `short`: returns no results (a contract breach the host must catch);
//!
//! and `roster_keys` traps on a batch holding `trap-keys` (pass 1) and
//! gives a key to a payout outside the chunk for `stray-key`.
//! `keys_and_provisional` is the two together, so each misbehaves in pass
//! 1 too, which is where a host that keeps provisional outcomes meets it;
//! it also sends a word outside the contract's table for `bad-word`, and
//! one flagged word more than it sends records for `few-flagged`.
//! Only `trap-late` waits for pass 2: its provisional outcome is clean, it
//! gets one roster key, the same for every `trap-late` payout, and
//! `assess` traps on it. A suffix
//! after `#` is ignored (`trap#2`), so ids can stay unique.
//! Anything else gets a clean score of 0. Built for wasm32 only; natively
//! this crate is empty.

#[cfg(target_arch = "wasm32")]
mod glue {
    wit_bindgen::generate!({ world: "plugin", path: "../../wit/since_v0.7.0" });

    use exports::payguard::risk::scoring as wit;
    use payguard_model::chunk_words;
    use payguard_model::clean_word::{Clean, FLAGGED};
    use payguard_model::{Decision, DestinationKind};

    struct Hostile;

    impl wit::Guest for Hostile {
        type Scorer = Scorer;

        fn default_policy() -> wit::Policy {
            wit::Policy {
                review_threshold: 40,
                block_threshold: 80,
                rules: vec![],
                lists: vec![],
                parameters: vec![],
                allowlist: vec![],
                as_of: None,
            }
        }

        fn rules() -> Vec<wit::RuleInfo> {
            Vec::new()
        }

        fn info() -> wit::PluginInfo {
            wit::PluginInfo {
                version: "hostile".into(),
                contract: "payguard:risk@0.7.0".into(),
                data: vec![],
            }
        }
    }

    struct Scorer;

    impl wit::GuestScorer for Scorer {
        fn create(_: wit::Policy) -> Result<wit::Scorer, wit::PolicyError> {
            Ok(wit::Scorer::new(Scorer))
        }

        fn roster_keys(&self, chunk: wit::Chunk) -> Vec<wit::RosterKey> {
            keys(&chunk)
        }

        fn keys_and_provisional(&self, chunk: wit::Chunk) -> wit::KeyedChunk {
            let keys = keys(&chunk);
            let ids: Vec<String> = payouts(&chunk).map(|p| id(&chunk.text, p).into()).collect();
            let few_flagged = ids.iter().any(|id| id == "few-flagged");
            let results = misbehave(chunk, &[]);
            // Clean results go as words, as the real plugin sends them;
            // the rest as records.
            let mut provisional = Vec::new();
            let mut flagged = Vec::new();
            for (r, id) in results.into_iter().zip(&ids) {
                let word = match (&r, id.as_str()) {
                    (_, "bad-word") => Some(3 << 8),
                    (Ok(a), _) if a.findings.is_empty() => Clean::word(
                        a.score,
                        Decision::Allow,
                        DestinationKind::Bank,
                        a.destination.country.as_deref(),
                    ),
                    _ => None,
                };
                match word {
                    Some(word) => provisional.push(word),
                    None => {
                        provisional.push(FLAGGED);
                        flagged.push(r);
                    }
                }
            }
            if few_flagged {
                provisional[0] = FLAGGED;
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
            _: Vec<wit::PeerGroup>,
            _: Vec<wit::PayoutHistory>,
        ) -> Vec<Result<wit::Assessment, wit::RowError>> {
            misbehave(chunk, &["trap-late"])
        }
    }

    /// What `assess` answers: misbehaviour when a payout asks for it (or
    /// for one of `also`), else a clean score for each.
    fn misbehave(chunk: wit::Chunk, also: &[&str]) -> Vec<Result<wit::Assessment, wit::RowError>> {
        let hostile = ["loop", "grow", "trap", "short"];
        let chosen = payouts(&chunk)
            .map(|p| id(&chunk.text, p))
            .find(|id| hostile.contains(id));
        match chosen {
            Some("loop") => loop {
                std::hint::black_box(());
            },
            Some("grow") => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(std::hint::black_box(vec![1u8; 1 << 20]));
                }
            }
            Some("trap") => panic!("hostile plugin trapped on purpose"),
            _ if payouts(&chunk).any(|p| also.contains(&id(&chunk.text, p))) => {
                panic!("hostile plugin trapped on purpose in pass 2")
            }
            Some("short") => Vec::new(),
            _ => payouts(&chunk)
                .map(|_| {
                    Ok(wit::Assessment {
                        score: 0,
                        decision: wit::Decision::Allow,
                        findings: vec![],
                        destination: wit::DestinationProfile {
                            kind: wit::DestinationKind::Bank,
                            country: None,
                        },
                    })
                })
                .collect(),
        }
    }

    /// The roster keys `roster-keys` gives (and misbehaves for).
    fn keys(chunk: &wit::Chunk) -> Vec<wit::RosterKey> {
        let ids: Vec<&str> = payouts(chunk).map(|p| id(&chunk.text, p)).collect();
        if ids.contains(&"trap-keys") {
            panic!("hostile plugin trapped on purpose in pass 1");
        }
        if ids.contains(&"stray-key") {
            return vec![wit::RosterKey {
                payout: ids.len() as u32,
                kind: wit::KeyKind::Destination,
                hi: 0,
                lo: 0,
            }];
        }
        (0..)
            .zip(&ids)
            .filter(|(_, id)| **id == "trap-late")
            .map(|(payout, _)| wit::RosterKey {
                payout,
                kind: wit::KeyKind::Destination,
                hi: 0,
                lo: 7,
            })
            .collect()
    }

    /// The chunk's payouts, each its words.
    fn payouts<'c>(chunk: &'c wit::Chunk) -> std::slice::Chunks<'c, u32> {
        chunk.payouts.chunks(chunk_words::WORDS)
    }

    /// What a payout's id asks for: the id up to a `#`.
    fn id<'a>(text: &'a str, p: &[u32]) -> &'a str {
        let (start, len) = (
            p[chunk_words::at::PAYOUT_ID],
            p[chunk_words::at::PAYOUT_ID + 1],
        );
        let id = &text[start as usize..(start + len) as usize];
        id.split('#').next().unwrap_or(id)
    }

    export!(Hostile);
}
