//! What a payout's fields say once parsed, computed once per payout and
//! shared by every rule.

use crate::clean::Hidden;
use crate::data::banking_areas::banks_in;
use crate::data::crypto_exchanges::Exchange;
use crate::data::e_money::{self, Institution};
use crate::holder::{ThirdParty, account_holders};
use crate::model::{Destination, Payout};
use crate::normalize::bic::{self, Bic, BicError};
use crate::normalize::country;
use crate::normalize::crypto::{self, Address, Chain};
#[cfg(doc)]
use crate::normalize::destination::wallet_key;
use crate::normalize::destination::{
    bank_codes, crypto_exchange, handle_iban_reading, iban_of, provider_country,
    recognised_wallet_key,
};
use crate::normalize::iban::{self, IbanReading};
use crate::normalize::name::Name;
use crate::normalize::phone;
use crate::normalize::routing::{self, Routing};
use smallvec::SmallVec;

/// Where the bank's country was read from, strongest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CountrySource {
    #[default]
    Iban,
    /// An IBAN written in the account_number column.
    IbanInAccountNumber,
    /// An e-wallet's handle that is an IBAN.
    IbanInEwalletId,
    Bic,
    /// A BIC written in the routing_number column.
    BicInRoutingNumber,
    RoutingNumber,
    /// A routing number written in the bic column.
    RoutingNumberInBic,
    Declared,
    /// An e-wallet that opens accounts in one country only
    /// (`phone-wallets.tsv`: Zelle, GCash).
    EwalletProvider,
}

impl CountrySource {
    /// The CSV column the country came from.
    pub fn field(self) -> &'static str {
        match self {
            CountrySource::Iban => "iban",
            CountrySource::IbanInAccountNumber => "account_number",
            CountrySource::IbanInEwalletId => "ewallet_id",
            CountrySource::Bic => "bic",
            CountrySource::BicInRoutingNumber => "routing_number",
            CountrySource::RoutingNumber => "routing_number",
            CountrySource::RoutingNumberInBic => "bic",
            CountrySource::Declared => "bank_country",
            CountrySource::EwalletProvider => "ewallet_provider",
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
    /// Where the IBAN was read from: the `iban` column, or an
    /// `account_number` written as an IBAN.
    pub iban_source: CountrySource,
    /// The routing number, when it is an ABA number or a sort code.
    pub routing: Option<Routing>,
    /// Where the routing number was read from: the `routing_number`
    /// column, or a `bic` written as a routing number.
    pub routing_source: CountrySource,
    pub bic: Option<Result<Bic, BicError>>,
    /// Where the BIC was read from: the `bic` column, or a
    /// `routing_number` written as a BIC.
    pub bic_source: CountrySource,
    /// The bank's country and where it was read from.
    pub bank_country: Option<(&'static str, CountrySource)>,
    /// The wallet destination, when the address has a known shape.
    pub wallet: Option<Address>,
    /// The wallet destination's key, as [`wallet_key`] gives it, so the
    /// roster and the sanctions lists do not recognise the address again
    /// (a checksum of two SHA-256 or a Keccak hash, about 4,600
    /// instructions a time).
    pub wallet_key: Option<String>,
    /// The account at the wallet's address, when a tag or memo names one
    /// ([`crypto::Address::account`]); the address is then the
    /// destination's key only with it.
    pub wallet_account: Option<String>,
    /// The chain the wallet's declared network names, if one of ours.
    pub declared_chain: Option<Chain>,
    /// Addresses written into text fields, other than the wallet itself.
    pub text_addresses: Vec<TextAddress>,
    /// The phone number's digits in international form, when it reads.
    pub phone: Option<phone::Digits>,
    /// Countries the phone number may belong to; empty when unknown.
    pub phone_countries: SmallVec<[&'static str; 4]>,
    /// The e-money institution the money goes to, if any (none where
    /// crypto is paid: an exchange's account, or in a crypto asset).
    pub e_money: Option<EMoney>,
    /// The crypto exchange an e-wallet provider is (`crypto-exchanges.tsv`):
    /// an account where crypto is paid, not e-money.
    pub crypto_exchange: Option<Exchange>,
    /// The account holder, when it is someone other than the employee.
    pub third_party: Option<ThirdParty>,
    /// The other holders of a joint account that is the employee's own
    /// ([`Holders::co_holders`](crate::holder::Holders::co_holders)).
    pub co_holders: Vec<Name>,
    /// Fields that held invisible characters (removed before this reading).
    pub hidden: Vec<Hidden>,
}

impl Facts {
    /// Parses the fields of `payout`.
    pub fn of(payout: &Payout) -> Facts {
        let phone = phone::of(payout);
        let holders = account_holders(payout);
        let mut facts = Facts {
            phone_countries: phone.as_deref().map(phone::countries).unwrap_or_default(),
            phone,
            third_party: holders.third_party,
            co_holders: holders.co_holders,
            ..Facts::default()
        };
        // The destination's own free text, if any: an account number or an
        // e-wallet handle.
        let mut destination_text: Option<(&'static str, &str)> = None;
        // An iban column that holds no IBAN, which may hold a wallet.
        let mut not_an_iban: Option<(&'static str, &str)> = None;
        match &payout.destination {
            Destination::Bank(bank) => {
                let iban_in = iban_of(bank);
                if iban_in.is_some_and(|(_, field)| field == "account_number") {
                    facts.iban_source = CountrySource::IbanInAccountNumber;
                }
                facts.iban = iban_in.map(|(raw, _)| iban::read(raw));
                if matches!(facts.iban, Some(IbanReading::Invalid { .. }))
                    && facts.iban_source != CountrySource::IbanInAccountNumber
                {
                    not_an_iban = bank.iban.as_deref().map(|raw| ("iban", raw));
                }
                let (bic_in, routing_in) = bank_codes(bank);
                facts.bic_source = match bic_in {
                    Some((_, "routing_number")) => CountrySource::BicInRoutingNumber,
                    _ => CountrySource::Bic,
                };
                facts.bic = bic_in.map(|(raw, _)| bic::parse(raw));
                facts.routing_source = match routing_in {
                    Some((_, "bic")) => CountrySource::RoutingNumberInBic,
                    _ => CountrySource::RoutingNumber,
                };
                facts.routing = routing_in.and_then(|(r, _)| {
                    let places = [
                        bank.bank_country.as_deref(),
                        facts.bic_country(),
                        Some(payout.residence_country.as_str()),
                    ];
                    let currency = payout.currency.as_str();
                    routing::read(r, |country| {
                        places
                            .iter()
                            .flatten()
                            .any(|p| *p == country || banks_in(p) == Some(country))
                            || (country, currency) == ("US", "USD")
                            || (country, currency) == ("GB", "GBP")
                    })
                });
                let routing_country = facts.routing.as_ref().map(|r| r.country);
                // An IBAN and a BIC carry their country; a routing number's
                // is read from its form (a Canadian transit number can pass
                // as an ABA number), so a country the file states outranks
                // it, and `country-mismatch` says when they differ.
                let bank_country = [
                    (facts.iban_country(), facts.iban_source),
                    (facts.bic_country(), facts.bic_source),
                    (bank.bank_country.as_deref(), CountrySource::Declared),
                    (routing_country, facts.routing_source),
                ]
                .into_iter()
                // Every source is a checked upper-case code by now (a
                // valid IBAN's, a well-formed BIC's, a validated field, a
                // routing number's); `code` keeps it without a copy.
                .find_map(|(found, source)| Some((country::code(found?)?, source)));
                facts.bank_country = bank_country;
                facts.e_money = bank_e_money(&facts);
                if facts.iban_source != CountrySource::IbanInAccountNumber {
                    destination_text = bank
                        .account_number
                        .as_deref()
                        .map(|t| ("account_number", t));
                }
            }
            Destination::Crypto(wallet) => {
                // With a tag the reference gives: without it, an exchange's
                // one deposit address would make its customers one
                // destination.
                facts.wallet = crypto::recognise_paid(&wallet.address, payout.reference.as_deref());
                // The payout is cleaned: its address has no invisible
                // character left for `wallet_key` to remove.
                facts.wallet_key = Some(recognised_wallet_key(
                    facts.wallet.as_ref(),
                    &wallet.address,
                ));
                facts.wallet_account = facts
                    .wallet
                    .as_ref()
                    .filter(|a| a.tag.is_some())
                    .map(crypto::Address::account);
                facts.declared_chain = wallet.network.as_deref().and_then(Chain::from_network);
            }
            Destination::EWallet(ewallet) => {
                // A handle that is an IBAN (a Wise or Revolut account's) is
                // that bank account, wherever its bank is: relabelling a
                // foreign IBAN as an e-wallet must not hide its country.
                if let Some(reading) = handle_iban_reading(&ewallet.handle) {
                    facts.iban = Some(reading);
                    facts.iban_source = CountrySource::IbanInEwalletId;
                }
                // A wallet of one country's accounts is in that country,
                // as a bank is: GCash pays a Philippine account.
                facts.bank_country = match facts.iban_country().and_then(country::code) {
                    Some(code) => Some((code, CountrySource::IbanInEwalletId)),
                    None => provider_country(&ewallet.provider)
                        .map(|c| (c, CountrySource::EwalletProvider)),
                };
                // An exchange's account, or any e-wallet paid in a crypto
                // asset, is where crypto is paid: `crypto-destination`'s
                // finding, not e-money's besides.
                facts.crypto_exchange = crypto_exchange(&ewallet.provider);
                let pays_crypto =
                    facts.crypto_exchange.is_some() || country::is_crypto_asset(&payout.currency);
                facts.e_money = (!pays_crypto).then(|| {
                    bank_e_money(&facts).unwrap_or_else(|| EMoney {
                        brand: ewallet.provider.trim().to_string(),
                        kind: "e-wallet",
                        field: "ewallet_provider",
                        value: ewallet.provider.trim().to_string(),
                    })
                });
                destination_text = Some(("ewallet_id", &ewallet.handle));
            }
        }
        // A wallet written as the account's holder or the employee's name
        // is a destination hidden in a name field. (An array, not a
        // vector: a payout allocates nothing to list them.)
        let texts = [
            destination_text,
            not_an_iban,
            payout.reference.as_deref().map(|t| ("reference", t)),
            payout
                .account_holder
                .as_deref()
                .map(|t| ("account_holder", t)),
            Some(("employee_name", payout.employee_name.as_str())),
        ];
        // Only a recognised wallet can be the address found in a text.
        let wallet_key = facts.wallet.as_ref().and(facts.wallet_key.as_deref());
        for (field, text) in texts.into_iter().flatten() {
            for address in crypto::find_in_text(text) {
                if wallet_key != Some(address.normalized().as_str()) {
                    facts.text_addresses.push(TextAddress { field, address });
                }
            }
        }
        facts
    }

    /// The destination's account as read: a valid or invalid IBAN's
    /// electronic form, or a wallet's key (with its tag, when written).
    pub fn account_key(&self) -> Option<&str> {
        match &self.iban {
            Some(iban) => Some(iban.electronic()),
            None => self
                .wallet_account
                .as_deref()
                .or(self.wallet_key.as_deref()),
        }
    }

    /// The country of a valid IBAN.
    pub fn iban_country(&self) -> Option<&str> {
        self.iban.as_ref()?.valid_country()
    }

    /// The country of a well-formed BIC.
    pub fn bic_country(&self) -> Option<&str> {
        Some(self.bic.as_ref()?.as_ref().ok()?.country())
    }

    /// The bank's country and where it was read from, when the bank is
    /// not local to `residence`: neither in that country nor, for a
    /// territory banking in another country's scheme (Guadeloupe with
    /// French IBANs, Jersey with UK banks), in that other country.
    pub fn bank_abroad(&self, residence: &str) -> Option<(&str, CountrySource)> {
        let (bank, source) = self.bank_country?;
        let local = bank == residence || banks_in(residence) == Some(bank);
        (!local).then_some((bank, source))
    }
}

/// The institution behind a bank destination: by the bank code inside a
/// valid IBAN, else by a valid BIC, else by the routing number.
fn bank_e_money(facts: &Facts) -> Option<EMoney> {
    let found = |institution: Institution, field, value: String| EMoney {
        brand: institution.brand.to_string(),
        kind: institution.kind,
        field,
        value,
    };
    if let Some(iban) = &facts.iban
        && let (Some(country), Some(code)) = (iban.valid_country(), iban.bank_code())
        && let Some(institution) = e_money::by_bank_code(country, code)
    {
        return Some(found(
            institution,
            facts.iban_source.field(),
            format!("{} (bank code {code})", iban.electronic()),
        ));
    }
    if let Some(Ok(bic)) = &facts.bic
        && let Some(institution) = e_money::by_bic(&bic.code)
    {
        return Some(found(
            institution,
            facts.bic_source.field(),
            bic.code.to_string(),
        ));
    }
    let routing = facts.routing.as_ref()?;
    let (brand, kind) = e_money::by_routing(routing.scheme, &routing.digits)?;
    Some(EMoney {
        brand: brand.to_string(),
        kind,
        field: facts.routing_source.field(),
        value: routing.digits.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::normalize::destination::wallet_key;
    use crate::rules::testing::with_wallet;

    #[test]
    fn a_wallets_key_is_read_once_as_wallet_key_reads_it() {
        for address in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
            " bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ",
            "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "TR7NHqjeKQxGTCi8q8\u{200B}ZY4pL8otSzgjLj6t",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeX",
            "  not-a-wallet ",
        ] {
            let payout = with_wallet(address, None);
            let (cleaned, _) = clean(&payout);
            let facts = Facts::of(&cleaned);
            assert_eq!(
                facts.wallet_key.as_deref(),
                Some(wallet_key(address).as_str()),
                "{address:?}"
            );
            assert_eq!(facts.account_key(), facts.wallet_key.as_deref());
        }
    }
}
