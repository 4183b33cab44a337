//! Builds a payguard plugin crate for `wasm32-unknown-unknown` and encodes
//! it as a component that imports nothing. `host/build.rs` builds the real
//! plugin from `guest/` with it, so the library always embeds the plugin of
//! its own checkout; `tests/artifacts` builds the hostile test plugin; the
//! Node package's build runs it as a command (`src/main.rs`), so its
//! components are byte for byte the ones a Rust build embeds.
//!
//! Follows wasmtime's `crates/test-programs/artifacts/build.rs`: a nested
//! cargo with its own target dir (the outer build's deadlocks on cargo's
//! lock) and without the outer build's RUSTFLAGS. That dir is `plugins/`
//! in the outer target dir, not in `OUT_DIR`, so debug and release builds,
//! the test plugin and the Node package's build (`bindings/node/build.mjs`)
//! share one build of the plugin and its dependencies.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

/// The plugin's own rustflags. LLVM inlines more than its default (225):
/// in wasm every call left costs a frame on the shadow stack and an epoch
/// check at the callee's entry. Measured on `payguard bench --rows 300000`
/// (plugin, 1 thread, three interleaved runs each): 1.09-1.14 s at the
/// default, 1.04-1.05 s at 500, 1.03-1.08 s at 1000, 1.07-1.10 s at 3000;
/// the component grows by 1 % (4.72 to 4.76 MB). `+simd128` on top gained
/// nothing.
const PLUGIN_RUSTFLAGS: &str = "-Cllvm-args=-inline-threshold=500";

/// Builds `package` (a workspace member under `root`) with the `plugin`
/// profile, encodes it, writes the component to the build script's
/// `OUT_DIR` and returns its path. `sources` are the folders and files,
/// relative to `root`, whose changes rebuild it (`wit/` and `Cargo.lock`
/// are always among them). Panics with what to do when it cannot: build
/// scripts have no other way to fail.
pub fn component(root: &Path, package: &str, sources: &[&str]) -> PathBuf {
    for path in sources.iter().chain(&["wit", "Cargo.lock"]) {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    // The nested cargo reads the plugin profile from these too:
    // `CARGO_PROFILE_PLUGIN_STRIP=false` keeps the functions' names for a
    // profile (scripts/flamegraph).
    for setting in ["STRIP", "DEBUG"] {
        println!("cargo:rerun-if-env-changed=CARGO_PROFILE_PLUGIN_{setting}");
    }
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("run from a build script"));
    let component = build_component(root, &plugins_dir(&out_dir), package);
    let dest = out_dir.join(format!("{}.component.wasm", package.replace('-', "_")));
    std::fs::write(&dest, component).expect("write the plugin component");
    dest
}

/// Builds `package` (a workspace member under `root`) with the `plugin`
/// profile in `target_dir` and returns its component. Panics with what to
/// do when it cannot.
pub fn build_component(root: &Path, target_dir: &Path, package: &str) -> Vec<u8> {
    let modules = build(root, target_dir, package);
    encode(&modules.join(format!("{}.wasm", package.replace('-', "_"))))
}

/// Runs the nested cargo and returns the folder of the core modules.
fn build(root: &Path, target_dir: &Path, package: &str) -> PathBuf {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    require_target(&rustc);
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "--profile",
            "plugin",
            "--target",
            TARGET,
            "-p",
            package,
        ])
        .arg("--target-dir")
        .arg(target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            PLUGIN_RUSTFLAGS,
        )
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .status()
        .expect("run cargo for the plugin");
    if !status.success() {
        panic!("building the plugin {package} failed; see the cargo output above");
    }
    target_dir.join(TARGET).join("plugin")
}

/// `plugins/` beside the profile folders of the target dir that holds
/// `out_dir` (`<target>/<profile>/build/<package>-<hash>/out`); `OUT_DIR`
/// itself if it is laid out otherwise.
fn plugins_dir(out_dir: &Path) -> PathBuf {
    let mut up = out_dir.ancestors();
    match (up.nth(2), up.next(), up.next()) {
        (Some(build), Some(_profile), Some(target)) if build.ends_with("build") => {
            target.join("plugins")
        }
        _ => out_dir.join("plugin-target"),
    }
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
        .unwrap_or_else(|e| panic!("read the plugin module {}: {e}", module.display()));
    wit_component::ComponentEncoder::default()
        .module(&bytes)
        .and_then(|encoder| encoder.validate(true).encode())
        .unwrap_or_else(|e| panic!("encode the plugin module as a component: {e:#}"))
}
