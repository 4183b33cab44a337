//! A plugin that misbehaves on request, to prove the host's sandbox holds.
//! `assess` reads the first payout's id:
//! - `loop`: spins forever (the epoch deadline must stop it);
//! - `grow`: allocates until memory runs out (the store limit must stop it);
//! - `trap`: panics, which traps (only that batch may fail);
//! - `short`: returns no results (a contract breach the host must catch);
//!
//! anything else gets a clean score of 0. Built for wasm32 only; natively
//! this crate is empty.

#[cfg(target_arch = "wasm32")]
mod glue {
    wit_bindgen::generate!({ world: "plugin", path: "../../wit/since_v0.2.0" });

    use exports::payguard::risk::scoring as wit;

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
                contract: "payguard:risk@0.2.0".into(),
                data: vec![],
            }
        }
    }

    struct Scorer;

    impl wit::GuestScorer for Scorer {
        fn create(_: wit::Policy) -> Result<wit::Scorer, wit::PolicyError> {
            Ok(wit::Scorer::new(Scorer))
        }

        fn roster_keys(&self, payouts: Vec<wit::Payout>) -> Vec<Vec<wit::RosterKey>> {
            payouts.iter().map(|_| Vec::new()).collect()
        }

        fn assess(
            &self,
            items: Vec<wit::RosterItem>,
        ) -> Vec<Result<wit::Assessment, wit::RowError>> {
            match items.first().map(|i| i.payout.payout_id.as_str()) {
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
                Some("short") => Vec::new(),
                _ => items
                    .into_iter()
                    .map(|i| {
                        Ok(wit::Assessment {
                            payout_id: i.payout.payout_id,
                            score: 0,
                            decision: wit::Decision::Allow,
                            findings: vec![],
                        })
                    })
                    .collect(),
            }
        }
    }

    export!(Hostile);
}
