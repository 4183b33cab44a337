//! The hostile plugin (`tests/hostile`) as a component, for the sandbox
//! tests. A dev-dependency only: a user's build never compiles it.

/// Where the hostile plugin component was written, for `--plugin`.
pub const HOSTILE_PATH: &str = env!("PAYGUARD_HOSTILE_WASM");

/// The hostile plugin component.
pub const HOSTILE: &[u8] = include_bytes!(env!("PAYGUARD_HOSTILE_WASM"));
