//! A plugin that misbehaves on request, to prove the host's sandbox holds.
//! `assess` misbehaves when any payout of its batch has the id:
//! - `loop`: spins forever (the epoch deadline must stop it);
//! - `grow`: allocates until memory runs out (the store limit must stop it);
//! - `trap`: panics, which traps (only that payout may fail);
//! - `short`: returns no results (a contract breach the host must catch);
//!
//! and `roster_keys` traps on a batch holding `trap-keys` (pass 1). A
//! suffix after `#` is ignored (`trap#2`), so ids can stay unique.
//! Anything else gets a clean score of 0. Built for wasm32 only; natively
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
            if payouts.iter().any(|p| kind(&p.payout_id) == "trap-keys") {
                panic!("hostile plugin trapped on purpose in pass 1");
            }
            payouts.iter().map(|_| Vec::new()).collect()
        }

        fn assess(
            &self,
            items: Vec<wit::RosterItem>,
        ) -> Vec<Result<wit::Assessment, wit::RowError>> {
            let hostile = ["loop", "grow", "trap", "short"];
            let chosen = items
                .iter()
                .map(|i| kind(&i.payout.payout_id))
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

    /// What a payout id asks for: the id up to a `#`.
    fn kind(id: &str) -> &str {
        id.split('#').next().unwrap_or(id)
    }

    export!(Hostile);
}
