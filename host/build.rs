//! Builds the plugin from `../guest` as a component that imports nothing
//! (see `payguard-plugin-build`), so the library embeds the plugin of this
//! very checkout.

fn main() {
    // Without the runtime (file readers only, as the fuzz targets use the
    // crate) there is no plugin to embed.
    if std::env::var_os("CARGO_FEATURE_RUNTIME").is_none() {
        return;
    }
    let manifest_dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().expect("host/ sits in the workspace");
    let sources = [
        "guest/src",
        "guest/data",
        "guest/Cargo.toml",
        "model",
        "names",
    ];
    let component = payguard_plugin_build::component(root, "payguard-guest", &sources);
    println!(
        "cargo:rustc-env=PAYGUARD_PLUGIN_WASM={}",
        component.display()
    );
}
