//! Parsing and normalising the values a payout carries, shared by the rules
//! and the roster keys so that every rule sees one reading of a field.

pub mod bic;
pub mod country;
pub mod crypto;
pub mod destination;
pub mod iban;
pub mod name;
pub mod phone;
pub mod routing;
pub mod text;
