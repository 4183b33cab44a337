//! What the plugin reports about itself.

/// The WIT package this plugin implements.
pub const CONTRACT: &str = "payguard:risk@0.1.0";

/// The plugin's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A data set compiled into the plugin: (name, version, source).
pub const DATA: &[(&str, &str, &str)] = &[
    (
        "iban-registry",
        "iban_validate 5.0",
        "SWIFT IBAN registry, via the iban_validate crate",
    ),
    (
        "countries",
        "keshvar 0.7",
        "ISO 3166-1 and ITU-T E.164 calling codes, via the keshvar crate",
    ),
    (
        "currencies",
        "iso_currency 0.7",
        "ISO 4217, via the iso_currency crate",
    ),
    (
        "banking-area",
        "2025",
        "European Payments Council, countries in the SEPA schemes' scope",
    ),
];
