//! The case corpus (`tests/cases/`) through the plugin and through the
//! native rules: every case passes on both, and both give the very same
//! report rows, case by case, with no list of exceptions.

use payguard::cases::{self, Case};
use payguard::output::ReportRow;
use payguard::plugin::EMBEDDED;
use payguard::{Limits, Plugin, Policy};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn plugin_rows(plugin: &Plugin, case: &Case, policy: &Policy) -> Vec<ReportRow> {
    let rows = case.rows().expect("readable rows");
    let mut out = Vec::new();
    plugin
        .score(rows.as_slice(), policy, |r| out.push(r))
        .expect("scored by the plugin");
    out
}

fn native_rows(case: &Case, policy: &Policy, limits: &Limits) -> Vec<ReportRow> {
    let rows = case.rows().expect("readable rows");
    let mut out = Vec::new();
    payguard::native::score(rows.as_slice(), policy, limits, |r| out.push(r))
        .expect("scored natively");
    out
}

#[test]
fn every_case_passes_on_the_plugin_and_the_native_rules_alike() {
    let files = cases::load(&root().join("tests/cases")).expect("the corpus reads");
    let limits = Limits {
        threads: 1,
        ..Limits::default()
    };
    let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
    let base = plugin.default_policy().unwrap();
    let mut problems = Vec::new();
    let mut count = 0;
    for file in &files {
        for case in &file.cases {
            count += 1;
            let at = format!("{}: {}", file.path.display(), case.name);
            let policy = match case.policy(&base) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("{at}: policy: {e}"));
                    continue;
                }
            };
            let sandboxed = plugin_rows(&plugin, case, &policy);
            let native = native_rows(case, &policy, &limits);
            if sandboxed != native {
                problems.push(format!(
                    "{at}: the plugin and the native rules differ:\n  plugin {sandboxed:?}\n  native {native:?}"
                ));
            }
            for failure in cases::failures(case, &sandboxed) {
                problems.push(format!("{at}: {failure}"));
            }
        }
    }
    println!("{} cases in {} files", count, files.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        count >= 150,
        "the corpus holds {count} cases; it should hold at least 150"
    );
}
