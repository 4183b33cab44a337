//! What the plugin reports about itself.

use crate::data::PACKS;

/// The WIT package this plugin implements.
pub const CONTRACT: &str = "payguard:risk@0.7.0";

/// The plugin's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Data sets that come with crates or live in the code: (name, version,
/// source).
const CODE_DATA: &[(&str, &str, &str)] = &[
    (
        "countries",
        "keshvar 0.7",
        "ISO 3166-1 (plus XK, used by banks), via the keshvar crate",
    ),
    (
        "currencies",
        "iso_currency 0.7",
        "ISO 4217, via the iso_currency crate",
    ),
];

/// Every data set compiled into the plugin, (name, version, source): the
/// crates' and the data packs' in `guest/data/`, read from their headers.
pub fn data() -> Vec<(String, String, String)> {
    let crates = CODE_DATA
        .iter()
        .map(|(n, v, s)| (n.to_string(), v.to_string(), s.to_string()));
    let packs = PACKS.iter().map(|p| {
        (
            p.name.to_string(),
            p.header("version").unwrap_or("unversioned").to_string(),
            p.header("source")
                .unwrap_or("guest/data, reviewed by hand")
                .to_string(),
        )
    });
    crates.chain(packs).collect()
}
