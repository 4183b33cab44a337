//! Case files: the language-neutral corpus format that pins what the rules
//! do. A case is a few payroll rows (CSV text, the columns of a payroll
//! file), an optional policy (the policy file's TOML) and what must come
//! out per payout. `payguard test DIR` and the workspace's corpus test run
//! them; hosts in other languages read the same files.
//!
//! ```toml
//! [[case]]
//! name = "an IBAN written in account_number is still read as an IBAN"
//! rows = """
//! payout_id,employee_id,employee_name,residence_country,amount,currency,account_number
//! P1,E1,Anna Schmidt,DE,4500.00,EUR,BE71 9670 0000 0069
//! """
//! expect.P1 = { decision = "allow", findings = { e-money = 25, non-local-bank-in-area = 10 } }
//! ```

mod check;
mod file;
#[cfg(feature = "runtime")]
mod history;
mod run;

pub use check::failures;
pub use file::{Case, CaseFile, Expect, Run, load};
#[cfg(feature = "runtime")]
pub use history::{ScoreAgainst, by_plugin, run_history, run_in};
pub use run::{CaseResult, run};
