//! Builds the plugin from `../guest` for `wasm32-unknown-unknown` and
//! encodes it as a component that imports nothing, so the CLI and the tests
//! always embed the plugin of this very checkout. The same cargo call builds
//! `../tests/hostile`, the misbehaving plugin of the sandbox tests; only the
//! tests include it.
//!
//! Follows wasmtime's `crates/test-programs/artifacts/build.rs`: a nested
//! cargo with its own target dir (a shared one deadlocks on cargo's lock)
//! and without the outer build's RUSTFLAGS.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().expect("host/ sits in the workspace");
    let paths = [
        "guest/src",
        "names",
        "guest/data",
        "guest/Cargo.toml",
        "tests/hostile",
        "wit",
        "Cargo.lock",
    ];
    for path in paths {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    // Without the runtime (file readers only, as the fuzz targets use the
    // crate) there is no plugin to embed.
    if env::var_os("CARGO_FEATURE_RUNTIME").is_none() {
        return;
    }
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let modules = build_guests(root, &out_dir);
    for (crate_name, env_name) in [
        ("payguard_guest", "PAYGUARD_PLUGIN_WASM"),
        ("payguard_hostile", "PAYGUARD_HOSTILE_WASM"),
    ] {
        let component = encode(&modules.join(format!("{crate_name}.wasm")));
        let dest = out_dir.join(format!("{crate_name}.component.wasm"));
        std::fs::write(&dest, component).expect("write the plugin component");
        println!("cargo:rustc-env={env_name}={}", dest.display());
    }
}

/// Runs the nested cargo and returns the folder of the core modules.
fn build_guests(root: &Path, out_dir: &Path) -> PathBuf {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    require_target(&rustc);
    let target_dir = out_dir.join("guest-target");
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--profile", "plugin", "--target", TARGET])
        .args(["-p", "payguard-guest", "-p", "payguard-hostile"])
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .status()
        .expect("run cargo for the plugins");
    if !status.success() {
        panic!(
            "building the payguard plugins (guest/, tests/hostile/) failed; see the cargo output above"
        );
    }
    target_dir.join(TARGET).join("plugin")
}

/// Fails with the exact command to run when the wasm target is missing:
/// rustup does not install a target on demand here.
fn require_target(rustc: &std::ffi::OsStr) {
    let libdir = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let installed = libdir
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .is_some_and(|mut entries| {
            entries
                .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libcore-")))
        });
    if !installed {
        panic!(
            "\n\nThe Rust target {TARGET} is not installed; payguard's plugin is built for it.\n\
             Install it with:\n\n    rustup target add {TARGET}\n\n"
        );
    }
}

/// Wraps the core module into a component using the WIT type information
/// wit-bindgen left in its custom section.
fn encode(module: &Path) -> Vec<u8> {
    let bytes = std::fs::read(module)
        .unwrap_or_else(|e| panic!("read the guest module {}: {e}", module.display()));
    wit_component::ComponentEncoder::default()
        .module(&bytes)
        .and_then(|encoder| encoder.validate(true).encode())
        .unwrap_or_else(|e| panic!("encode the guest module as a component: {e:#}"))
}
