//! payguard's rules: plain Rust over plain data. `glue` wraps them as the
//! `payguard:risk` WebAssembly component; everything else builds and tests
//! natively.

pub mod allowlist;
pub mod assess;
pub mod clean;
pub mod country_set;
pub mod data;
pub mod facts;
pub mod holder;
pub mod info;
pub mod model;
pub mod normalize;
pub mod policy;
pub mod quoted;
pub mod refill;
pub mod roster;
pub mod rules;
pub mod sanctions;
pub mod score;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod glue;

#[cfg(test)]
mod properties;
