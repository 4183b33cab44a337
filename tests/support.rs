//! Running the `payguard` binary on the fixtures, shared by the CLI tests.

#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The workspace root, where `examples/` and `tests/fixtures/` live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A path named `name` in a folder of this test run's own, under cargo's
/// target dir (a test binary has no hook to remove it when all its tests
/// are done, and `/tmp` would keep every run's payrolls).
pub fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("payguard-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// What one run printed and how it exited.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs `payguard` with `args` from the workspace root.
pub fn payguard(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_payguard"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run payguard");
    Run {
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        code: out.status.code().expect("an exit code"),
    }
}

/// The objects of NDJSON output.
pub fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// The finding categories of one output row.
pub fn categories(row: &Value) -> Vec<String> {
    row["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["category"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}
