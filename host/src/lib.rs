//! payguard's host: load the payout-risk plugin once, score payrolls in a
//! sandbox that can read no file, reach no network and run no longer or
//! larger than its limits.
//!
//! ```no_run
//! let plugin = payguard::Plugin::embedded()?;
//! let policy = plugin.default_policy()?;
//! let payroll = payguard::input::read_path("examples/payroll.csv".as_ref())?;
//! let outcomes = plugin.assess(&payroll.payouts(), &policy)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "allocator")]
pub mod allocator;
pub mod allowlist_file;
#[cfg(feature = "native")]
pub mod bench;
pub mod cases;
#[cfg(feature = "runtime")]
pub mod check;
#[cfg(feature = "runtime")]
pub mod cpu;
pub mod diff;
#[cfg(feature = "runtime")]
pub mod error;
#[cfg(feature = "runtime")]
pub mod history;
pub mod input;
#[cfg(feature = "runtime")]
mod kept_ids;
pub mod model;
#[cfg(feature = "native")]
pub mod native;
pub mod output;
#[cfg(feature = "runtime")]
pub mod plugin;
pub mod policy_changes;
pub mod policy_file;
pub mod private_file;
#[cfg(feature = "runtime")]
mod provisional;
#[cfg(feature = "runtime")]
mod roster;
pub mod sanctions_file;
#[cfg(feature = "runtime")]
pub mod scoring;
pub mod spans;
#[cfg(feature = "runtime")]
mod workers;

#[cfg(feature = "runtime")]
pub use error::Error;
pub use model::*;
#[cfg(feature = "runtime")]
pub use plugin::{Limits, Plugin};
#[cfg(feature = "runtime")]
pub use roster::SharedKey;
