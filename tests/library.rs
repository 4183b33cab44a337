//! The host library as a finance platform embeds it.

use payguard::input::read_path;
use payguard::plugin::EMBEDDED;
use payguard::{Decision, Error, Limits, Outcome, Plugin, RuleSetting};
use std::path::PathBuf;

fn fixture(path: &str) -> Vec<payguard::Payout> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    read_path(&root.join(path))
        .expect("a readable payroll")
        .payouts()
}

fn decision_of(outcomes: &[Outcome], id: &str) -> Decision {
    outcomes
        .iter()
        .flatten()
        .find(|a| a.payout_id == id)
        .expect("assessed")
        .decision
}

#[test]
fn the_plugin_imports_nothing() {
    let engine = wasmtime::Engine::default();
    let component = wasmtime::component::Component::new(&engine, EMBEDDED).unwrap();
    let imports: Vec<String> = component
        .component_type()
        .imports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(imports, Vec::<String>::new());
    let exports: Vec<String> = component
        .component_type()
        .exports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(exports, ["payguard:risk/scoring@0.2.0"]);

    // The same, read the way `wasm-tools component wit` reads it.
    let wit_component::DecodedWasm::Component(resolve, world) =
        wit_component::decode(EMBEDDED).unwrap()
    else {
        panic!("the plugin is a component");
    };
    assert!(resolve.worlds[world].imports.is_empty());
    assert_eq!(resolve.worlds[world].exports.len(), 1);
}

#[test]
fn chunking_does_not_change_any_result() {
    // The example's shared accounts sit far apart in the file, so small
    // chunks split every group across calls.
    let payouts = fixture("examples/payroll.csv");
    let policy = Plugin::embedded().unwrap().default_policy().unwrap();
    let run = |chunk_size| {
        let limits = Limits {
            chunk_size,
            ..Limits::default()
        };
        Plugin::from_bytes(EMBEDDED, limits)
            .unwrap()
            .assess(&payouts, &policy)
            .unwrap()
    };
    let whole = run(1000);
    assert_eq!(run(1), whole);
    assert_eq!(run(7), whole);
    assert_eq!(decision_of(&whole, "P-1007"), Decision::Block);
}

#[test]
fn one_plugin_scores_many_batches_alike() {
    let plugin = Plugin::embedded().unwrap();
    let policy = plugin.default_policy().unwrap();
    let payouts = fixture("examples/payroll.csv");
    let first = plugin.assess(&payouts, &policy).unwrap();
    for _ in 0..3 {
        assert_eq!(plugin.assess(&payouts, &policy).unwrap(), first);
    }
    assert!(plugin.assess(&[], &policy).unwrap().is_empty());
}

#[test]
fn a_policy_can_turn_a_rule_off() {
    let plugin = Plugin::embedded().unwrap();
    let mut policy = plugin.default_policy().unwrap();
    let payouts = fixture("examples/payroll.csv");
    assert_eq!(
        decision_of(&plugin.assess(&payouts, &policy).unwrap(), "P-1005"),
        Decision::Review
    );
    let crypto = policy
        .rules
        .iter_mut()
        .find(|r| r.rule == "crypto-destination")
        .unwrap();
    crypto.enabled = false;
    assert_eq!(
        decision_of(&plugin.assess(&payouts, &policy).unwrap(), "P-1005"),
        Decision::Allow
    );
}

#[test]
fn a_bad_policy_is_refused_naming_the_key() {
    let plugin = Plugin::embedded().unwrap();
    let mut policy = plugin.default_policy().unwrap();
    policy.rules.push(RuleSetting {
        rule: "no-such-rule".into(),
        enabled: true,
        weight: None,
    });
    let at = policy.rules.len() - 1;
    match plugin.assess(&fixture("examples/payroll.csv"), &policy) {
        Err(Error::Policy { key, message }) => {
            assert_eq!(key, format!("rules[{at}].rule"));
            assert_eq!(message, "no rule is called \"no-such-rule\"");
        }
        other => panic!("expected a policy error, got {other:?}"),
    }
}

#[test]
fn the_catalogue_has_unique_ids_and_covers_the_seed_categories() {
    let rules = Plugin::embedded().unwrap().rules().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.len());
    for category in [
        "crypto-wallet",
        "shared-account",
        "non-local-bank",
        "country-mismatch",
        "invalid-destination",
    ] {
        assert!(
            rules
                .iter()
                .any(|r| serde_json::to_value(r.category).unwrap() == category),
            "no rule for {category}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Shuffling the payroll changes only the order of the results.
    #[test]
    fn results_do_not_depend_on_row_order(
        shuffled in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Just(fixture("examples/payroll.csv")))
    ) {
        let plugin = Plugin::embedded().unwrap();
        let policy = plugin.default_policy().unwrap();
        let by_id = |payouts: &[payguard::Payout]| {
            let mut outcomes = plugin.assess(payouts, &policy).unwrap();
            outcomes.sort_by(|a, b| a.as_ref().unwrap().payout_id.cmp(&b.as_ref().unwrap().payout_id));
            outcomes
        };
        proptest::prop_assert_eq!(by_id(&shuffled), by_id(&fixture("examples/payroll.csv")));
    }
}
