//! The sandbox holds against a hostile plugin (`tests/hostile`, built from
//! source by host/build.rs) and a component that asks for capabilities.

use payguard::plugin::EMBEDDED;
use payguard::{BankAccount, Destination, Error, Limits, Payout, Plugin, Policy};
use std::path::PathBuf;
use std::time::Duration;

use payguard_test_artifacts::HOSTILE;

fn payout(id: &str) -> Payout {
    Payout {
        payout_id: id.into(),
        employee_id: "E-1".into(),
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
        reference: None,
    }
}

fn hostile(limits: Limits) -> (Plugin, Policy) {
    let plugin = Plugin::from_bytes(HOSTILE, limits).expect("the hostile plugin loads");
    let policy = plugin.default_policy().unwrap();
    (plugin, policy)
}

/// After a failed batch, the same `Plugin` scores the next one.
fn still_scores(plugin: &Plugin, policy: &Policy) {
    let outcomes = plugin
        .assess(&[payout("fine")], policy)
        .expect("a fresh instance");
    assert_eq!(outcomes.len(), 1);
}

/// Why the plugin could not score the payouts of `ids` that it failed on,
/// scoring them with their neighbours; the neighbours must be scored.
fn failures(plugin: &Plugin, policy: &Policy, ids: &[&str]) -> Vec<(String, String)> {
    let payouts: Vec<Payout> = ids.iter().map(|id| payout(id)).collect();
    let outcomes = plugin.assess(&payouts, policy).expect("the run goes on");
    assert_eq!(outcomes.len(), ids.len());
    outcomes
        .into_iter()
        .filter_map(|o| o.err())
        .map(|e| (e.payout_id, e.message))
        .collect()
}

#[test]
fn an_endless_loop_is_stopped_by_the_deadline() {
    let limits = Limits {
        call_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let (plugin, policy) = hostile(limits);
    assert_eq!(
        failures(&plugin, &policy, &["a", "loop", "b"]),
        [(
            "loop".to_string(),
            "the plugin failed on this payout while computing roster keys and assessing payouts (it ran past its time limit); it was not scored".to_string()
        )]
    );
    still_scores(&plugin, &policy);
}

#[test]
fn growing_memory_past_the_limit_fails_cleanly() {
    let limits = Limits {
        memory_bytes: 16 << 20,
        ..Limits::default()
    };
    let (plugin, policy) = hostile(limits);
    let failed = failures(&plugin, &policy, &["grow", "a"]);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, "grow");
    assert!(failed[0].1.contains("memory"), "{}", failed[0].1);
    still_scores(&plugin, &policy);
}

#[test]
fn a_poison_payout_costs_only_itself_in_either_pass() {
    let limits = Limits {
        chunk_size: 3,
        ..Limits::default()
    };
    let (plugin, policy) = hostile(limits);
    // Two employees share the trap-late payouts' key, so pass 2 judges
    // them again, and traps.
    let mut payouts: Vec<Payout> = ["a", "trap", "b", "c", "trap-keys", "d", "trap-late#1"]
        .into_iter()
        .map(payout)
        .collect();
    let mut late = payout("trap-late#2");
    late.employee_id = "E-2".into();
    payouts.push(late);
    let outcomes = plugin.assess(&payouts, &policy).expect("the run goes on");
    let failed: Vec<(String, String)> = outcomes
        .into_iter()
        .filter_map(|o| o.err())
        .map(|e| (e.payout_id, e.message))
        .collect();
    let ids: Vec<&str> = failed.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["trap", "trap-keys", "trap-late#1", "trap-late#2"]);
    for (id, message) in &failed[..2] {
        assert!(
            message.starts_with("the plugin failed on this payout while computing roster keys and assessing payouts (it trapped: "),
            "pass 1, {id}: {message}"
        );
    }
    for (id, message) in &failed[2..] {
        assert!(
            message.starts_with(
                "the plugin failed on this payout while assessing payouts (it trapped: "
            ),
            "pass 2, {id}: {message}"
        );
    }
    still_scores(&plugin, &policy);
}

#[test]
fn a_plugin_that_fails_on_many_payouts_fails_the_run() {
    let limits = Limits {
        failed_payouts: 2,
        ..Limits::default()
    };
    let (plugin, policy) = hostile(limits);
    let payouts: Vec<Payout> = ["trap#1", "a", "trap#2", "trap#3"]
        .iter()
        .map(|id| payout(id))
        .collect();
    match plugin.assess(&payouts, &policy) {
        Err(Error::Plugin { reason, .. }) => assert!(
            reason.contains("it failed on 3 payouts, more than the 2 a run may reject"),
            "{reason}"
        ),
        other => panic!("expected the run to fail, got {other:?}"),
    }
}

#[test]
fn a_short_result_list_breaks_the_contract() {
    let (plugin, policy) = hostile(Limits::default());
    let err = plugin.assess(&[payout("short")], &policy).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin broke the contract: keys-and-provisional returned 0 results for 1 payouts"
    );
}

/// A provisional word outside the contract's table, or a flagged word
/// without its record, is the plugin's fault, named, never read as some
/// other result.
#[test]
fn a_provisional_word_the_contract_does_not_have_breaks_it() {
    let (plugin, policy) = hostile(Limits::default());
    let err = plugin
        .assess(&[payout("ok"), payout("bad-word")], &policy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin broke the contract: keys-and-provisional returned the word 0x00000300 for payout 1: its decision 3 is outside the contract's table"
    );
    let err = plugin
        .assess(&[payout("few-flagged"), payout("ok")], &policy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin broke the contract: keys-and-provisional returned 0 flagged results for 1 flagged payouts"
    );
}

#[test]
fn a_component_that_imports_anything_is_refused_naming_the_import() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let bytes = wat::parse_file(root.join("tests/hostile/imports_wasi.wat")).unwrap();
    match Plugin::from_bytes(&bytes, Limits::default()) {
        Err(Error::Load(message)) => assert_eq!(
            message,
            "it imports wasi:filesystem/types@0.2.0; a payguard plugin must import nothing"
        ),
        Err(other) => panic!("expected a load error, got {other:?}"),
        Ok(_) => panic!("a component with imports was loaded"),
    }
}

#[test]
fn a_plugin_for_another_contract_version_is_refused_naming_both() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let bytes = wat::parse_file(root.join("tests/hostile/contract_v0_2.wat")).unwrap();
    match Plugin::from_bytes(&bytes, Limits::default()) {
        Err(Error::Load(message)) => assert_eq!(
            message,
            "it implements payguard:risk@0.2.0; this host loads payguard:risk@0.7.0 plugins only (wit/README.md says why)"
        ),
        Err(other) => panic!("expected a load error, got {other:?}"),
        Ok(_) => panic!("a 0.2 plugin was loaded"),
    }
}

#[test]
fn a_component_without_the_contract_is_refused_naming_its_exports() {
    let bytes = wat::parse_str("(component)").unwrap();
    match Plugin::from_bytes(&bytes, Limits::default()) {
        Err(Error::Load(message)) => assert_eq!(
            message,
            "it exports nothing; a payguard plugin exports payguard:risk/scoring@0.7.0"
        ),
        Err(other) => panic!("expected a load error, got {other:?}"),
        Ok(_) => panic!("an empty component was loaded"),
    }
}

#[test]
fn a_key_for_a_payout_outside_the_chunk_breaks_the_contract() {
    let (plugin, policy) = hostile(Limits::default());
    let err = plugin
        .assess(&[payout("ok"), payout("stray-key")], &policy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin broke the contract: keys-and-provisional returned a key for payout 2 of 2 (after one for payout 0)"
    );
}

#[test]
fn what_is_not_a_component_is_refused() {
    assert!(matches!(
        Plugin::from_bytes(b"not wasm", Limits::default()),
        Err(Error::Load(_))
    ));
}

#[test]
fn only_the_approved_digest_loads() {
    let digest = Plugin::embedded().unwrap().sha256().to_string();
    assert_eq!(digest.len(), 64);
    assert!(
        Plugin::from_bytes_verified(EMBEDDED, &digest.to_uppercase(), Limits::default()).is_ok()
    );
    match Plugin::from_bytes_verified(HOSTILE, &digest, Limits::default()) {
        Err(Error::Digest { expected, actual }) => {
            assert_eq!(expected, digest);
            assert_ne!(actual, digest);
        }
        Err(other) => panic!("expected a digest error, got {other:?}"),
        Ok(_) => panic!("a plugin with another digest was loaded"),
    }
}
