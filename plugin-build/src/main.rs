//! `cargo run -p payguard-plugin-build -- PACKAGE OUT.wasm`: builds the
//! workspace's plugin crate PACKAGE as `host/build.rs` builds the plugin it
//! embeds, in the same target dir (`plugins/` in cargo's target dir), and
//! writes its component to OUT.wasm. The Node package's build script runs
//! it, so Node loads the very bytes the Rust host embeds (one SHA-256 to
//! pin everywhere) and reuses a Rust build's plugin.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [package, out] = args.as_slice() else {
        eprintln!("usage: payguard-plugin-build PACKAGE OUT.wasm");
        return ExitCode::from(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("plugin-build/ sits in the workspace");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let component = payguard_plugin_build::build_component(root, &target.join("plugins"), package);
    if let Err(e) = std::fs::write(out, component) {
        eprintln!("payguard-plugin-build: cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
