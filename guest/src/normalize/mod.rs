//! Parsing and normalising the values a payout carries, shared by the rules
//! and the roster keys so that every rule sees one reading of a field.

pub mod bic;
pub mod country;
pub mod crypto;
pub mod destination;
pub mod iban;
pub mod mod97;
pub mod national_iban;
/// Names live in their own crate: the host joins bank files to the roster
/// by name with the very same reading.
pub use payguard_names as name;
pub mod phone;
pub mod routing;
pub mod text;
