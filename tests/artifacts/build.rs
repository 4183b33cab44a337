//! Builds `tests/hostile` as a component, as `host/build.rs` builds the
//! real plugin.

fn main() {
    let manifest_dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.join("../..");
    let component =
        payguard_plugin_build::component(&root, "payguard-hostile", &["tests/hostile", "model"]);
    println!(
        "cargo:rustc-env=PAYGUARD_HOSTILE_WASM={}",
        component.display()
    );
}
