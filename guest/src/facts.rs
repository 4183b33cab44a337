//! What a payout's fields say once parsed, computed once per payout and
//! shared by every rule.

use crate::data::e_money::{self, Institution};
use crate::holder::{ThirdParty, third_party};
use crate::model::{Destination, Payout};
use crate::normalize::bic::{self, Bic, BicError};
use crate::normalize::crypto::{self, Address, Chain};
use crate::normalize::iban::{self, IbanReading};
use crate::normalize::phone::phone_countries;

/// Where the bank's country was read from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountrySource {
    Iban,
    Bic,
    Declared,
}

impl CountrySource {
    /// The CSV column the country came from.
    pub fn field(self) -> &'static str {
        match self {
            CountrySource::Iban => "iban",
            CountrySource::Bic => "bic",
            CountrySource::Declared => "bank_country",
        }
    }
}

/// A crypto address found in a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAddress {
    pub field: &'static str,
    pub address: Address,
}

/// An e-money or payment institution behind a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EMoney {
    /// The brand, such as "Wise", or the e-wallet provider as written.
    pub brand: String,
    /// "e-money institution", "payment institution", "virtual-IBAN issuer"
    /// or "e-wallet".
    pub kind: &'static str,
    /// The field it was recognised from and what it said there.
    pub field: &'static str,
    pub value: String,
}

/// Parsed fields of one payout.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub iban: Option<IbanReading>,
    pub bic: Option<Result<Bic, BicError>>,
    /// The bank's country and where it was read from.
    pub bank_country: Option<(String, CountrySource)>,
    /// The wallet destination, when the address has a known shape.
    pub wallet: Option<Address>,
    /// The chain the wallet's declared network names, if one of ours.
    pub declared_chain: Option<Chain>,
    /// Addresses written into text fields, other than the wallet itself.
    pub text_addresses: Vec<TextAddress>,
    /// Countries the phone number may belong to; empty when unknown.
    pub phone_countries: Vec<String>,
    /// The e-money institution the money goes to, if any.
    pub e_money: Option<EMoney>,
    /// The account holder, when it is someone other than the employee.
    pub third_party: Option<ThirdParty>,
}

impl Facts {
    /// Parses the fields of `payout`.
    pub fn of(payout: &Payout) -> Facts {
        let mut facts = Facts {
            phone_countries: payout
                .phone
                .as_deref()
                .map(phone_countries)
                .unwrap_or_default(),
            third_party: third_party(payout),
            ..Facts::default()
        };
        let mut texts: Vec<(&'static str, &str)> = Vec::new();
        match &payout.destination {
            Destination::Bank(bank) => {
                facts.iban = bank.iban.as_deref().map(iban::read);
                facts.bic = bank.bic.as_deref().map(bic::parse);
                facts.bank_country = match (&facts.iban, &facts.bic, &bank.bank_country) {
                    (Some(IbanReading::Valid { country, .. }), _, _) => {
                        Some((country.clone(), CountrySource::Iban))
                    }
                    (_, Some(Ok(bic)), _) => Some((bic.country.clone(), CountrySource::Bic)),
                    (_, _, Some(declared)) => Some((declared.clone(), CountrySource::Declared)),
                    _ => None,
                };
                facts.e_money = bank_e_money(&facts);
                texts.extend(
                    bank.account_number
                        .as_deref()
                        .map(|t| ("account_number", t)),
                );
            }
            Destination::Crypto(wallet) => {
                facts.wallet = crypto::recognise(&wallet.address);
                facts.declared_chain = wallet.network.as_deref().and_then(Chain::from_network);
            }
            Destination::EWallet(ewallet) => {
                facts.e_money = Some(EMoney {
                    brand: ewallet.provider.trim().to_string(),
                    kind: "e-wallet",
                    field: "ewallet_provider",
                    value: ewallet.provider.trim().to_string(),
                });
                texts.push(("ewallet_id", &ewallet.handle));
            }
        }
        texts.extend(payout.reference.as_deref().map(|t| ("reference", t)));
        let wallet_key = facts.wallet.as_ref().map(Address::normalized);
        for (field, text) in texts {
            for address in crypto::find_in_text(text) {
                if wallet_key.as_deref() != Some(address.normalized().as_str()) {
                    facts.text_addresses.push(TextAddress { field, address });
                }
            }
        }
        facts
    }
}

/// The institution behind a bank destination: by the bank code inside a
/// valid IBAN, else by a valid BIC.
fn bank_e_money(facts: &Facts) -> Option<EMoney> {
    let found = |institution: Institution, field, value: String| EMoney {
        brand: institution.brand.to_string(),
        kind: institution.kind,
        field,
        value,
    };
    if let Some(IbanReading::Valid {
        country,
        bank_code: Some(code),
        electronic,
    }) = &facts.iban
        && let Some(institution) = e_money::by_bank_code(country, code)
    {
        return Some(found(
            institution,
            "iban",
            format!("{electronic} (bank code {code})"),
        ));
    }
    let bic = facts.bic.as_ref()?.as_ref().ok()?;
    e_money::by_bic(&bic.code).map(|i| found(i, "bic", bic.code.clone()))
}
