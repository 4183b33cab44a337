//! One canonical text per destination kind, so that every spelling of one
//! account, wallet or handle meets itself: in roster keys, sanctions
//! lists, allowlist entries and the facts the rules read alike. Each
//! removes invisible characters first (see `normalize::text`).

use crate::data::crypto_exchanges::{self, Exchange};
use crate::data::{email_providers, payment_links, phone_wallets};
use crate::model::{BankAccount, Destination, Payout};
use crate::normalize::bic;
use crate::normalize::country::is_country;
use crate::normalize::crypto;
use crate::normalize::iban::IbanReading;
use crate::normalize::national_iban::national_iban;
use crate::normalize::phone;
use crate::normalize::routing;
use crate::normalize::text::visible;
use arrayvec::ArrayString;
use payguard_model::leading_zeros::without_leading_zeros;

/// An IBAN or account number: its letters and digits, upper case. IBANs
/// are written in print form ("DE44 5001 ..."), lower case, with dashes;
/// account numbers with spaces, dashes and slashes.
pub fn account_key(raw: &str) -> String {
    let mut key = String::with_capacity(raw.len());
    push_account_key(&mut key, raw);
    key
}

/// [`account_key`] of `raw` inline, when it has at most `N` characters.
pub fn account_key_within<const N: usize>(raw: &str) -> Option<ArrayString<N>> {
    let raw = unlabelled(raw);
    // ASCII (nearly every IBAN) holds no invisible character: asking
    // `visible` anyway, for its `Cow`, cost the plugin about 250 instructions a
    // row.
    match raw.is_ascii() {
        true => inline_key(raw),
        false => inline_key(&visible(raw)),
    }
}

/// `raw` without an "IBAN" label before the IBAN it holds ("IBAN: DE89
/// 3704 …", "iban DE89…", as invoices and bank letters print it, and as
/// an export copies it): read with the label, its letters made it another
/// account, invalid, and never the listed or shared IBAN it is. Only
/// before a country code's letters and two check digits, which no
/// country code "IB" can start.
fn unlabelled(raw: &str) -> &str {
    let text = raw.trim_start();
    let Some(rest) = text
        .get(..4)
        .filter(|label| label.eq_ignore_ascii_case("IBAN"))
        .map(|_| text[4..].trim_start_matches([':', '.', '#', '-', ' ']))
    else {
        return raw;
    };
    let b = rest.as_bytes();
    match b.len() >= 4
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..4].iter().all(u8::is_ascii_digit)
    {
        true => rest,
        false => raw,
    }
}

/// The account key of `text`, which has no invisible character, inline.
/// Pushed straight into the key: a byte array checked as UTF-8 and then
/// copied in (a `memory.copy` call in the plugin) cost every IBAN about
/// 160 instructions more there.
fn inline_key<const N: usize>(text: &str) -> Option<ArrayString<N>> {
    // Most IBANs come in their electronic form already: copied whole, not
    // pushed a character at a time (about 700 instructions natively).
    if text
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return ArrayString::from(text).ok();
    }
    let mut key = ArrayString::new();
    for b in account_bytes(text) {
        key.try_push(char::from(b)).ok()?;
    }
    Some(key)
}

/// [`account_key`] of `raw`, added to `out`.
fn push_account_key(out: &mut String, raw: &str) {
    out.extend(account_bytes(&visible(unlabelled(raw))).map(char::from));
}

/// The bytes of `text`'s account key. Bytes, not characters: a character
/// of several bytes has none below 0x80, so it holds no ASCII letter or
/// digit, and the key is read without decoding or encoding a character
/// (which had cost an IBAN 700 instructions).
fn account_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
}

/// A national account number's part of its key: [`account_key`], and
/// digits without their leading zeros, which a spreadsheet drops from one
/// export and not the next ("000123456789" is "123456789"). A bank's
/// account numbers have one length, so no two of its accounts differ by
/// leading zeros alone.
fn account_number_key(raw: &str) -> String {
    let key = account_key(raw);
    without_leading_zeros(&key).to_string()
}

/// A wallet address per its chain's case rules (hex and bech32 ignore
/// case, base58 does not); an unrecognised address as
/// [`unrecognised_wallet_key`] keys it.
pub fn wallet_key(raw: &str) -> String {
    let text = visible(raw);
    recognised_wallet_key(crypto::recognise(&text).as_ref(), &text)
}

/// The account a wallet field pays: [`wallet_key`], with the destination
/// tag or memo written beside an XRP, Stellar or TON address
/// ([`crypto::Address::account`]).
pub fn wallet_account_key(raw: &str) -> String {
    paid_wallet_account_key(raw, None)
}

/// [`wallet_account_key`] with the tag a payout's `reference` gives, as
/// the rules read a wallet (`crypto::recognise_paid`).
fn paid_wallet_account_key(raw: &str, reference: Option<&str>) -> String {
    let text = visible(raw);
    match crypto::recognise_paid(&text, reference) {
        Some(address) => address.account(),
        None => unrecognised_wallet_key(&text),
    }
}

/// A wallet field no chain's form reads, as written and trimmed; in lower
/// case when it holds a "." or an "@", which no address encoding (hex,
/// base58, bech32, base64url) has: it is then a name that pays a wallet,
/// an ENS name (`JobsDesk.eth`) or a Lightning address
/// (`JobsDesk@walletofsatoshi.com`, LUD-16), read without case as domain
/// names are, so one facilitator's name in two cases is one destination.
pub fn unrecognised_wallet_key(text: &str) -> String {
    let text = text.trim();
    match text.contains(['.', '@']) {
        true => text.to_lowercase(),
        false => text.to_string(),
    }
}

/// [`wallet_key`] of `text`, which has no invisible character, given what
/// [`crypto::recognise`] made of it: a reading that recognised the
/// address already (the payout's facts) does not recognise it again.
pub fn recognised_wallet_key(recognised: Option<&crypto::Address>, text: &str) -> String {
    match recognised {
        Some(address) => address.normalized(),
        None => unrecognised_wallet_key(text),
    }
}

/// An e-wallet handle (an e-mail, a phone, an account id): lower case,
/// and an e-mail address as its provider delivers it
/// (`data/email-providers.tsv`): at Gmail `jobs.payroll+kevin@googlemail.com`
/// is `jobspayroll@gmail.com`, one mailbox behind both spellings.
///
/// An address written with more around it is that address: `mailto:`, a
/// name and angle brackets (`Jobs <jobs@gmail.com>`), a label (`PayPal:
/// jobs@gmail.com`), spaces around the "@", a full stop after it; a
/// payment link as the user name it names (`payment-links.tsv`:
/// `https://www.paypal.me/Jo/25` is `jo`, as PayPal's `@jo` is; another
/// link without its scheme and `www.`); a phone written with its calling code (M-Pesa's,
/// GCash's handles) as its international digits (`+254 712 345678` is
/// `+254712345678`); a number written without it (a US phone at Zelle or
/// Venmo, an account id) as its digits, however grouped (`(212) 555-0100`
/// is `2125550100`: a national number's country is not the handle's to
/// say, so it does not meet its `+1` spelling); and a tag without the sign
/// its app shows before it (Venmo's and Revolut's `@name`, Cash App's
/// `$name`). Otherwise each
/// spelling would be a destination of its own, and an e-wallet several
/// employees are paid to would not look shared.
pub fn handle_key(raw: &str) -> String {
    let handle = visible(raw).trim().to_lowercase();
    let handle = match written_address(&handle) {
        Some(address) => address,
        None => without_scheme(&handle).to_string(),
    };
    // A payment link is the user name it names (`payment-links.tsv`).
    if handle.contains('/')
        && let Some(name) = payment_links::user_name(&handle)
    {
        return name.to_string();
    }
    if let Some(tag) = without_sign(&handle) {
        return tag.to_string();
    }
    let Some((local, domain)) = handle.rsplit_once('@') else {
        return match phone::registered(&handle) {
            Some(digits) => format!("+{}", &*digits),
            None => grouped_digits(&handle).unwrap_or(handle),
        };
    };
    let Some(provider) = email_providers::provider(domain) else {
        return handle;
    };
    let mut local = local;
    if provider.drops_plus_tags
        && let Some((mailbox, _tag)) = local.split_once('+')
    {
        local = mailbox;
    }
    let local: String = if provider.ignores_dots {
        local.chars().filter(|c| *c != '.').collect()
    } else {
        local.to_string()
    };
    if local.is_empty() {
        return handle;
    }
    format!("{local}@{}", provider.mailbox_domain)
}

/// The one e-mail address a lower-cased handle holds, however written
/// (see [`handle_key`]); none when it holds none, or two.
fn written_address(handle: &str) -> Option<String> {
    let delimits = |c: char| matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '"');
    // Nearly every handle is an address alone, or no address.
    let bare = !handle.contains(|c: char| c.is_whitespace() || delimits(c))
        && !handle.ends_with(['.', '\''])
        && !handle.starts_with('\'');
    if bare || !handle.contains('@') {
        return None;
    }
    // "jobs @ gmail.com": no space is part of an address.
    let joined: String = handle
        .split('@')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("@");
    // No unquoted address holds these, so they part it from what is
    // around it; a quote or a full stop at its ends is punctuation. A
    // space alone parts nothing: "dan black@gmail.com" may be a name
    // beside an address or an address mistyped, so it is neither.
    if joined.contains(char::is_whitespace) && !joined.contains(delimits) {
        return None;
    }
    let words = joined.split(|c: char| c.is_whitespace() || delimits(c));
    let mut found: Option<&str> = None;
    for word in words {
        let word = word.trim_matches(|c| matches!(c, '.' | '\''));
        if !is_mailbox(word) {
            continue;
        }
        match found {
            Some(first) if first != word => return None,
            _ => found = Some(word),
        }
    }
    found.map(String::from)
}

/// A tag without the sign an app shows before it: `@name` (Venmo,
/// Revolut, Wise) and `$name` (Cash App) are `name` at their provider.
/// None for any other handle, an e-mail address among them.
fn without_sign(handle: &str) -> Option<&str> {
    let tag = handle
        .strip_prefix('@')
        .or_else(|| handle.strip_prefix('$'))?;
    (!tag.is_empty() && !tag.contains(['@', '$']) && !tag.contains(char::is_whitespace))
        .then_some(tag)
}

/// The digits of a number written in groups (`(212) 555-0100`,
/// `0712 345678`, `123.456.789`): how a number is grouped never tells two
/// accounts apart. None for text with anything else, or no digit.
fn grouped_digits(handle: &str) -> Option<String> {
    let grouped = handle
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.'));
    let digits: String = handle.chars().filter(char::is_ascii_digit).collect();
    (grouped && !digits.is_empty()).then_some(digits)
}

/// A payment link without its scheme, `www.` and closing slash:
/// `https://www.paypal.me/jo/` is `paypal.me/jo`.
fn without_scheme(handle: &str) -> &str {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| handle.strip_prefix(scheme));
    match rest {
        Some(rest) => rest
            .strip_prefix("www.")
            .unwrap_or(rest)
            .trim_end_matches('/'),
        None => handle,
    }
}

/// The mailbox an e-wallet handle is, when it is an e-mail address: the
/// address as delivered ([`handle_key`]). The one person who reads it
/// holds every e-wallet registered to it, at whatever provider. Only the
/// address's shape is asked (something, "@", a domain with a dot): the
/// provider has verified it, payguard only compares it.
pub fn mailbox_key(raw: &str) -> Option<String> {
    Some(handle_key(raw)).filter(|handle| is_mailbox(handle))
}

/// Whether a [`handle_key`] is an e-mail address (see [`mailbox_key`]).
pub fn is_mailbox(handle: &str) -> bool {
    handle.rsplit_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !handle.contains(char::is_whitespace)
    })
}

/// An e-wallet's handle as its destination key names it: [`handle_key`],
/// or, at a wallet of one country's phones, a number written without its
/// calling code as its international digits (`(212) 555-0100` at Zelle is
/// `+12125550100`, as `+1 212 555 0100` there is).
pub fn ewallet_handle_key(handle: &str, provider: &str) -> String {
    match phone::national_at(handle, provider) {
        Some(digits) => format!("+{}", &*digits),
        None => handle_key(handle),
    }
}

/// An e-wallet provider as its destination key names it: a crypto
/// exchange by its id, however written ("Binance Pay" and "BINANCE" are
/// `binance`, whose customers' ids are one number space).
pub fn provider_key(provider: &str) -> String {
    match crypto_exchange(provider) {
        Some(exchange) => exchange.id.to_string(),
        None => account_key(provider).to_lowercase(),
    }
}

/// The one country whose accounts `provider` (as written) opens, when
/// `phone-wallets.tsv` lists it: looked up by its [`provider_key`], kept
/// inline (every e-wallet payout asks; no listed name is longer).
pub fn provider_country(provider: &str) -> Option<&'static str> {
    let mut key = account_key_within::<16>(provider)?;
    key.make_ascii_lowercase();
    phone_wallets::country(&key)
}

/// The crypto exchange an e-wallet `provider` is, by its name as
/// written: the first one, two or three words, the longest that
/// `crypto-exchanges.tsv` lists, in lower-case letters and digits ("Binance
/// Pay" is Binance, "Crypto.com" and "crypto com" Crypto.com, "Binance US"
/// Binance US). First words only: "Revolut" is not "Revolut X", "Mercado
/// Pago" is no exchange.
pub fn crypto_exchange(provider: &str) -> Option<Exchange> {
    let mut words = provider
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| w.chars().any(char::is_alphanumeric));
    let first: [Option<&str>; 3] = [words.next(), words.next(), words.next()];
    (1..=3).rev().find_map(|n| {
        let mut key = ArrayString::<48>::new();
        for word in &first[..n] {
            for c in (*word)?.chars().filter(|c| *c != '.') {
                // A letter outside ASCII is in no key.
                key.try_push(c.is_ascii().then(|| c.to_ascii_lowercase())?)
                    .ok()?;
            }
        }
        crypto_exchanges::by_key(&key)
    })
}

/// Whether an account number is written as an IBAN: a country code, two
/// check digits and 11 to 30 letters or digits. Such a value is read as
/// the IBAN it is, whichever column holds it.
pub fn looks_like_iban(raw: &str) -> bool {
    let key = account_key(raw);
    let b = key.as_bytes();
    (15..=34).contains(&b.len())
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
        && is_country(&key[..2])
}

/// A bank code and the column it was written in.
pub type Code<'a> = Option<(&'a str, &'static str)>;

/// The BIC and the routing number of a bank account, each with the column
/// it was written in. Exports with one "Bank Code", "Routing/SWIFT" or
/// "SWIFT/ABA" column for both write either code in it: a German or Hong
/// Kong bank's BIC read as a routing number, or an ABA number read as a
/// BIC, said nothing of the bank. So a `routing_number` that is a
/// well-formed BIC is the BIC when the `bic` column holds none, and a `bic`
/// written as a routing number is the routing number when the
/// `routing_number` column holds none. A routing number is digits (an
/// IFSC's fifth character is a zero), a BIC starts with letters, so
/// neither is taken for the other.
pub fn bank_codes(bank: &BankAccount) -> (Code<'_>, Code<'_>) {
    let (bic, routing) = (bank.bic.as_deref(), bank.routing_number.as_deref());
    let bic_is_routing = bic.is_some_and(written_as_routing);
    let routing_is_bic = (bic.is_none() || bic_is_routing) && routing.is_some_and(written_as_bic);
    let bic_code = match bic {
        Some(b) if !bic_is_routing => Some((b, "bic")),
        _ => routing
            .filter(|_| routing_is_bic)
            .map(|r| (r, "routing_number")),
    };
    let routing_code = match routing {
        Some(r) if !routing_is_bic => Some((r, "routing_number")),
        _ => bic.filter(|_| bic_is_routing).map(|b| (b, "bic")),
    };
    (bic_code, routing_code)
}

/// Whether a code is written as a routing number: six to nine digits (a
/// sort code, a transit number, an ABA number), grouped or not. A BIC's
/// first letter answers at once.
fn written_as_routing(code: &str) -> bool {
    if code.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let code = code.trim();
    code.starts_with(|c: char| c.is_ascii_digit())
        && (6..=9).contains(&code.bytes().filter(u8::is_ascii_digit).count())
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.'))
}

/// Whether a code is a well-formed BIC that starts with its letters. A
/// routing number's first digit answers at once.
fn written_as_bic(code: &str) -> bool {
    !code.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && code
            .trim_start()
            .starts_with(|c: char| c.is_ascii_alphabetic())
        && bic::parse(code).is_ok()
}

/// The IBAN of a bank account and the column it was written in: the
/// `iban` column, else an `account_number` written as an IBAN.
pub fn iban_of(bank: &BankAccount) -> Option<(&str, &'static str)> {
    match (&bank.iban, &bank.account_number) {
        (Some(iban), _) => Some((iban, "iban")),
        (None, Some(account)) if looks_like_iban(account) => Some((account, "account_number")),
        _ => None,
    }
}

/// The destination as one text, kind first: `iban:DE89…`,
/// `account:ROUTING:NUMBER`, `wallet:…`, `ewallet:provider:handle`.
pub fn destination_key(destination: &Destination) -> Option<String> {
    Some(match destination {
        Destination::Bank(bank) => match (iban_of(bank), &bank.account_number) {
            (Some((iban, _)), _) => {
                let mut key = String::with_capacity(5 + iban.len());
                key.push_str("iban:");
                push_account_key(&mut key, iban);
                key
            }
            (None, Some(account)) => match national_iban(bank, account) {
                Some(iban) => format!("iban:{iban}"),
                None => format!("account:{}:{}", bank_key(bank), account_number_key(account)),
            },
            (None, None) => return None,
        },
        Destination::Crypto(wallet) => format!("wallet:{}", wallet_account_key(&wallet.address)),
        Destination::EWallet(ewallet) => {
            if let Some(wallet) = handle_wallet(&ewallet.handle) {
                format!("wallet:{wallet}")
            } else if let Some(iban) = handle_iban(&ewallet.handle) {
                format!("iban:{iban}")
            } else {
                format!(
                    "ewallet:{}:{}",
                    provider_key(&ewallet.provider),
                    ewallet_handle_key(&ewallet.handle, &ewallet.provider)
                )
            }
        }
    })
}

/// The bank part of an account's key, where the account has no IBAN: its
/// routing number ([`routing::key`]), else its BIC's first eight
/// characters (bank, country, location: a branch code does not tell
/// accounts apart), whichever column each was written in
/// ([`bank_codes`]); empty without either. Without the BIC, account
/// 123456789 at HSBC Hong Kong and at Bank of China Hong Kong were one
/// destination, and one HSBC account with its BIC in the routing column
/// and in its own column was two.
fn bank_key(bank: &BankAccount) -> String {
    match bank_codes(bank) {
        (_, Some((routing, _))) => routing::key(routing),
        (Some((bic, _)), None) => {
            let mut key = account_key(bic);
            if key.len() == 11 {
                key.truncate(8);
            }
            key
        }
        (None, None) => String::new(),
    }
}

/// The wallet key of an e-wallet handle that is a crypto address, its
/// checksum holding: pay sent to an exchange's "e-wallet" at an address
/// goes to that wallet, whichever column names it, so it is one
/// destination with the wallet paid in the wallet column (a facilitator's
/// wallet written once as a wallet and once as a Binance handle).
pub fn handle_wallet(handle: &str) -> Option<String> {
    // An e-mail address or a phone is no wallet, and most handles are one.
    if handle.contains('@') || handle.trim_start().starts_with('+') {
        return None;
    }
    let text = visible(handle);
    crypto::recognise(&text)
        .filter(|a| a.checksum_ok)
        .map(|a| a.account())
}

/// The electronic form of an e-wallet handle that is a valid IBAN: Wise
/// and Revolut accounts have IBANs, and pay sent to "the Wise e-wallet
/// BE40 9670 …" goes to that IBAN, so it is one destination with the IBAN
/// paid as a bank account (a facilitator's account written once as a bank
/// payout and once as an e-wallet). None for any other handle, and for an
/// IBAN whose check digits fail (only an odd handle then).
pub fn handle_iban(handle: &str) -> Option<String> {
    Some(handle_iban_reading(handle)?.electronic().to_string())
}

/// [`handle_iban`] as the reading of a valid IBAN, for the facts.
pub fn handle_iban_reading(handle: &str) -> Option<IbanReading> {
    if !looks_like_iban(handle) {
        return None;
    }
    let reading = super::iban::read(handle);
    reading.valid_country()?;
    Some(reading)
}

/// [`destination_key`] as its kind and its account, given the account as
/// a payout's facts read it (an IBAN's electronic form, a wallet's key:
/// `Facts::account_key`), so it is not read again; `None` where the key
/// is built otherwise.
pub fn read_key_parts<'a>(
    destination: &Destination,
    account: Option<&'a str>,
) -> Option<(&'static str, &'a str)> {
    match (destination, account) {
        (Destination::Bank(bank), Some(iban)) if iban_of(bank).is_some() => Some(("iban:", iban)),
        (Destination::Crypto(_), Some(wallet)) => Some(("wallet:", wallet)),
        // An e-wallet's account is read only when its handle is an IBAN.
        (Destination::EWallet(_), Some(iban)) => Some(("iban:", iban)),
        _ => None,
    }
}

/// [`destination_key`], given the account as a payout's facts read it
/// (see [`read_key_parts`]).
pub fn destination_key_read(destination: &Destination, account: Option<&str>) -> Option<String> {
    match read_key_parts(destination, account) {
        Some((kind, account)) => Some(format!("{kind}{account}")),
        None => destination_key(destination),
    }
}

/// Whether `entry` (an IBAN, account number, wallet or handle as a person
/// wrote it in an allowlist) names the destination `payout` pays: a wallet
/// with the tag its reference gives, as the rules read it
/// (`crypto::recognise_paid`), so `r…?dt=104711` covers the payout whose
/// memo says "Destination tag: 104711".
pub fn names(entry: &str, payout: &Payout) -> bool {
    match &payout.destination {
        Destination::Bank(bank) => [&bank.iban, &bank.account_number]
            .into_iter()
            .flatten()
            .any(|account| account_key(account) == account_key(entry)),
        Destination::Crypto(wallet) => {
            wallet_account_key(entry)
                == paid_wallet_account_key(&wallet.address, payout.reference.as_deref())
        }
        Destination::EWallet(ewallet) => match handle_iban(&ewallet.handle) {
            Some(iban) => account_key(entry) == iban,
            None => {
                ewallet_handle_key(entry, &ewallet.provider)
                    == ewallet_handle_key(&ewallet.handle, &ewallet.provider)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EWallet;

    #[test]
    fn a_bic_is_read_from_the_bic_column_else_from_a_routing_number_written_as_one() {
        let bank = |bic: Option<&str>, routing: Option<&str>| BankAccount {
            bic: bic.map(Into::into),
            routing_number: routing.map(Into::into),
            account_number: Some("123456789".into()),
            ..BankAccount::default()
        };
        let of = |b: &BankAccount| bank_codes(b).0.map(|(raw, field)| (raw.to_string(), field));
        assert_eq!(
            of(&bank(None, Some("HSBCHKHHHKH"))),
            Some(("HSBCHKHHHKH".into(), "routing_number"))
        );
        assert_eq!(
            of(&bank(Some("COBADEFFXXX"), Some("DEUTDEFF"))),
            Some(("COBADEFFXXX".into(), "bic"))
        );
        // Routing numbers, an IFSC and a malformed code are no BIC.
        for routing in ["026009593", "20-00-00", "HDFC0001234", "DEUTXXFF", "BANK"] {
            assert_eq!(of(&bank(None, Some(routing))), None, "{routing}");
        }
        // An ABA number or a sort code in the bic column is the routing
        // number; a malformed BIC stays the BIC, for `invalid-bic`.
        let routing =
            |b: &BankAccount| bank_codes(b).1.map(|(raw, field)| (raw.to_string(), field));
        let aba = bank(Some("026009593"), None);
        assert_eq!(of(&aba), None);
        assert_eq!(routing(&aba), Some(("026009593".into(), "bic")));
        assert_eq!(
            routing(&bank(Some("20-00-00"), None)),
            Some(("20-00-00".into(), "bic"))
        );
        let typo = bank(Some("COBADEF"), None);
        assert_eq!(of(&typo), Some(("COBADEF".into(), "bic")));
        assert_eq!(routing(&typo), None);
        // Swapped: each is read where it belongs.
        let swapped = bank(Some("026009593"), Some("HSBCHKHHHKH"));
        assert_eq!(of(&swapped), Some(("HSBCHKHHHKH".into(), "routing_number")));
        assert_eq!(routing(&swapped), Some(("026009593".into(), "bic")));
        assert_eq!(
            routing(&bank(Some("COBADEFFXXX"), Some("026009593"))),
            Some(("026009593".into(), "routing_number"))
        );
    }

    #[test]
    fn an_account_without_iban_is_keyed_by_its_bank_code_from_either_column() {
        let key = |bic: Option<&str>, routing: Option<&str>| {
            destination_key(&Destination::Bank(BankAccount {
                bic: bic.map(Into::into),
                routing_number: routing.map(Into::into),
                account_number: Some("123456789".into()),
                bank_country: Some("HK".into()),
                ..BankAccount::default()
            }))
            .unwrap()
        };
        let hsbc = key(Some("HSBCHKHHHKH"), None);
        assert_eq!(hsbc, "account:HSBCHKHH:123456789");
        // Its BIC in the routing column, or without its branch code.
        assert_eq!(key(None, Some("HSBCHKHHHKH")), hsbc);
        assert_eq!(key(Some("hsbc hk hh"), None), hsbc);
        // The same number at another bank, or at no bank named.
        assert_ne!(key(Some("BKCHHKHHXXX"), None), hsbc);
        assert_eq!(key(None, None), "account::123456789");
        // A routing number names the bank when there is one.
        assert_eq!(
            key(Some("CHASUS33"), Some("021000021")),
            "account:021000021:123456789"
        );
        assert_eq!(key(Some("021000021"), None), "account:021000021:123456789");
    }

    #[test]
    fn an_e_wallet_whose_handle_is_an_iban_is_that_iban() {
        let wise = Destination::EWallet(EWallet {
            provider: "Wise".into(),
            handle: "be40 9670 0000 0063".into(),
        });
        let bank = Destination::Bank(BankAccount {
            iban: Some("BE40967000000063".into()),
            ..BankAccount::default()
        });
        assert_eq!(destination_key(&wise), destination_key(&bank));
        let paid = Payout {
            destination: wise,
            ..crate::rules::testing::payout()
        };
        assert!(names("BE40967000000063", &paid));
        assert!(!names("BE71096123456769", &paid));
        // Check digits that fail leave a handle.
        let typo = Destination::EWallet(EWallet {
            provider: "Wise".into(),
            handle: "BE41967000000063".into(),
        });
        assert_eq!(
            destination_key(&typo).as_deref(),
            Some("ewallet:wise:be41967000000063")
        );
    }

    #[test]
    fn a_name_that_pays_a_wallet_is_keyed_without_case() {
        assert_eq!(wallet_key(" JobsDesk.eth "), "jobsdesk.eth");
        assert_eq!(
            wallet_key("JobsDesk@WalletOfSatoshi.com"),
            wallet_key("jobsdesk@walletofsatoshi.com")
        );
        // Text no chain reads otherwise keeps its case, as base58 does.
        assert_eq!(wallet_key("AbcDef123"), "AbcDef123");
    }

    #[test]
    fn an_exchange_is_read_from_the_providers_first_words() {
        for (written, exchange) in [
            ("Binance Pay", "Binance"),
            ("BINANCE", "Binance"),
            ("binance-pay", "Binance"),
            ("Binance US", "Binance US"),
            ("Coinbase", "Coinbase"),
            ("Coinbase Advanced", "Coinbase Advanced"),
            ("Crypto.com App", "Crypto.com"),
            ("crypto com", "Crypto.com"),
            ("Bybit (UID)", "Bybit"),
            ("OKX Pay", "OKX"),
            ("Kraken", "Kraken"),
        ] {
            assert_eq!(
                crypto_exchange(written).map(|e| e.name),
                Some(exchange),
                "{written:?}"
            );
        }
        for not_one in [
            "Revolut",
            "Mercado Pago",
            "PayPal",
            "Pay via Binance",
            "Gatepay Ltd",
            "Wise",
            "Bïnance",
            "",
        ] {
            assert_eq!(crypto_exchange(not_one), None, "{not_one:?}");
        }
    }

    #[test]
    fn an_e_mail_handle_is_its_mailbox_as_delivered_and_nothing_else_is() {
        let gmail = Some("danblack@gmail.com".to_string());
        for written in [
            "dan.black+pay@gmail.com",
            "DANBLACK+x@GMAIL.COM",
            " d.a.n.black@googlemail.com",
            "dan.black\u{200B}@gmail.com",
        ] {
            assert_eq!(mailbox_key(written), gmail, "{written:?}");
        }
        // A mailbox elsewhere keeps its dots and tags: its provider's rules
        // are unknown.
        assert_eq!(
            mailbox_key("Pay.Roll+1@Nova-Staffing.example"),
            Some("pay.roll+1@nova-staffing.example".into())
        );
        for not_an_address in [
            "+44 7700 900123",
            "PAYER-ID-7XK2",
            "@gmail.com",
            "dan@localhost",
            "dan@gmail.",
            "dan black@gmail.com",
            "",
        ] {
            assert_eq!(mailbox_key(not_an_address), None, "{not_an_address:?}");
        }
    }

    #[test]
    fn every_spelling_of_an_account_is_one_key() {
        let k = account_key("DE89370400440532013000");
        for written in [
            "de89 3704 0044 0532 0130 00",
            "DE89-3704-0044-0532-0130-00",
            "DE89\u{200B}370400440532013000",
        ] {
            assert_eq!(account_key(written), k, "{written}");
        }
    }

    #[test]
    fn the_inline_key_is_the_key_when_it_fits() {
        for written in [
            "de89 3704 0044 0532 0130 00",
            "DE89\u{200B}3704-0044/0532.0130 00",
            "ＤＥ89 ß 3704",
            "",
            "----",
            "GB33BUKB20201555555555",
        ] {
            let inline = account_key_within::<34>(written);
            assert_eq!(
                inline.as_deref(),
                Some(account_key(written).as_str()),
                "{written:?}"
            );
        }
        let long = "A".repeat(35);
        assert_eq!(account_key_within::<34>(&long), None);
        assert_eq!(
            account_key_within::<34>(&format!("{} ", "9".repeat(34))).map(|k| k.len()),
            Some(34)
        );
    }

    #[test]
    fn an_iban_label_is_no_part_of_the_account() {
        for raw in [
            "IBAN: DE89 3704 0044 0532 0130 00",
            "iban DE89370400440532013000",
            "IBAN-DE89370400440532013000",
            "  IBAN DE89 3704 0044 0532 0130 00",
            "IBANDE89370400440532013000",
        ] {
            assert_eq!(account_key(raw), "DE89370400440532013000", "{raw}");
            let inline = account_key_within::<34>(raw).map(|k| k.to_string());
            assert_eq!(inline.as_deref(), Some("DE89370400440532013000"), "{raw}");
        }
        // Every destination key of a labelled IBAN is the IBAN's.
        let labelled = BankAccount {
            iban: Some("IBAN: DE89 3704 0044 0532 0130 00".into()),
            ..BankAccount::default()
        };
        let plain = BankAccount {
            iban: Some("DE89370400440532013000".into()),
            ..BankAccount::default()
        };
        assert_eq!(
            destination_key(&Destination::Bank(labelled)),
            destination_key(&Destination::Bank(plain))
        );
        // Not a label before an IBAN: read as written.
        assert_eq!(account_key("IBAN 12345678"), "IBAN12345678");
        assert_eq!(account_key("Ibanez 4711"), "IBANEZ4711");
    }

    #[test]
    fn recognises_ibans_in_the_account_number_column() {
        assert!(looks_like_iban("LT60 3250 0123 4567 8901"));
        assert!(looks_like_iban("gb33bukb20201555555555"));
        assert!(!looks_like_iban("12345678"));
        assert!(!looks_like_iban("AB12 3456 7890 1234"), "AB is no country");
        let bank = BankAccount {
            account_number: Some("GB33 BUKB 2020 1555 5555 55".into()),
            ..BankAccount::default()
        };
        assert_eq!(iban_of(&bank).map(|(_, f)| f), Some("account_number"));
        let spelled = |iban: Option<&str>, account: Option<&str>| {
            destination_key(&Destination::Bank(BankAccount {
                iban: iban.map(Into::into),
                account_number: account.map(Into::into),
                ..BankAccount::default()
            }))
        };
        assert_eq!(
            spelled(Some("GB33BUKB20201555555555"), None),
            spelled(None, Some("gb33 bukb 2020 1555 5555 55"))
        );
    }

    #[test]
    fn a_national_account_is_one_with_or_without_the_zeros_a_spreadsheet_drops() {
        let at = |routing: &str, account: &str| {
            destination_key(&Destination::Bank(BankAccount {
                account_number: Some(account.into()),
                routing_number: Some(routing.into()),
                ..BankAccount::default()
            }))
            .unwrap()
        };
        let key = at("021000021", "123456789");
        assert_eq!(key, "account:021000021:123456789");
        for (routing, account) in [
            ("021000021", "000123456789"),
            ("21000021", "123456789"),
            ("21000021", "00123456789"),
            ("021-000-021", "1234-5678-9"),
        ] {
            assert_eq!(at(routing, account), key, "{routing} {account}");
        }
        assert_ne!(at("021000021", "1234567890"), key);
        assert_eq!(at("021000021", "000"), "account:021000021:0");
        // Letters keep their zeros: a building society's roll number.
        assert_eq!(at("", "0A12"), "account::0A12");
    }

    #[test]
    fn one_mailbox_behind_two_spellings_is_one_handle() {
        let key = handle_key("jobspayroll@gmail.com");
        for spelling in [
            "jobs.payroll+kevin@gmail.com",
            "JobsPayroll+ryan@GoogleMail.com",
            "j.o.b.s.p.a.y.r.o.l.l@gmail.com",
        ] {
            assert_eq!(handle_key(spelling), key, "{spelling}");
        }
        // Where the provider keeps dots, they stay; its tags go.
        assert_eq!(handle_key("a.b+x@fastmail.com"), "a.b@fastmail.com");
        // Providers that document neither keep the address whole.
        assert_eq!(
            handle_key("jobs.payroll+kevin@example.com"),
            "jobs.payroll+kevin@example.com"
        );
        assert_ne!(
            handle_key("jobs.payroll@example.com"),
            handle_key("jobspayroll@example.com")
        );
        // A handle that is no e-mail is only lower-cased.
        assert_eq!(handle_key("Kamau-7"), "kamau-7");
        assert_eq!(handle_key("+tag@gmail.com"), "+tag@gmail.com");
    }

    #[test]
    fn an_address_written_with_more_around_it_is_that_address() {
        let key = handle_key("jobspayroll@gmail.com");
        for written in [
            "mailto:jobs.payroll@gmail.com",
            "<jobspayroll@gmail.com>",
            "Jobs Payroll <jobs.payroll@gmail.com>",
            "paypal: jobspayroll@gmail.com",
            "PayPal:JobsPayroll@gmail.com",
            "jobspayroll@gmail.com.",
            "jobspayroll @ gmail.com",
            "\"jobspayroll@gmail.com\"",
            "(jobspayroll@gmail.com)",
        ] {
            assert_eq!(handle_key(written), key, "{written}");
        }
        assert_eq!(handle_key("o'brien@example.com"), "o'brien@example.com");
        // Two addresses are no one address; neither is a bare "@".
        assert_eq!(
            handle_key("a@example.com, b@example.com"),
            "a@example.com, b@example.com"
        );
        assert_eq!(handle_key("@"), "@");
        // A payment link is the user name it names, as its tag is; a link
        // no pack lists is its host and path.
        for written in [
            "paypal.me/JobsPayroll",
            "https://www.paypal.me/jobspayroll",
            "http://paypal.me/jobspayroll/",
            "https://www.paypal.com/paypalme/JobsPayroll/25.00",
            "@jobspayroll",
        ] {
            assert_eq!(handle_key(written), "jobspayroll", "{written}");
        }
        assert_eq!(
            handle_key("https://pay.example.com/jobspayroll/"),
            "pay.example.com/jobspayroll"
        );
    }

    #[test]
    fn a_phone_or_a_tag_written_as_its_app_shows_it_is_one_handle() {
        // M-Pesa's and GCash's handles are phones: with the calling code,
        // however grouped, they are its international digits.
        for written in [
            "+254 712 345678",
            "+254712345678",
            "+254-712-345-678",
            "tel:+254712345678",
            "M-Pesa: +254 712 345 678",
        ] {
            assert_eq!(handle_key(written), "+254712345678", "{written}");
        }
        // Without it, digits may be an account id or a national number:
        // its digits, however grouped, leading zero kept.
        for written in [
            "(212) 555-0100",
            "212-555-0100",
            "212.555.0100",
            " 212 555 0100",
        ] {
            assert_eq!(handle_key(written), "2125550100", "{written}");
        }
        assert_eq!(handle_key("0712 345678"), "0712345678");
        assert_eq!(handle_key("+1 (212) 555-0100"), "+12125550100");
        assert_eq!(handle_key("212-555-0100 ext"), "212-555-0100 ext");
        assert_eq!(handle_key("-"), "-");
        // Venmo's `@name` and Cash App's `$name` are the name.
        assert_eq!(handle_key("@John-Kamau-7"), "john-kamau-7");
        assert_eq!(handle_key("$JohnKamau"), "johnkamau");
        assert_eq!(handle_key("$"), "$");
        assert_eq!(handle_key("@a@b.com"), "@a@b.com");
    }

    #[test]
    fn a_national_number_at_a_wallet_of_one_countrys_phones_is_international() {
        for (written, provider) in [
            ("(212) 555-0100", "Zelle"),
            ("212.555.0100", "zelle"),
            ("1-212-555-0100", "Venmo"),
            ("+1 212 555 0100", "Zelle"),
        ] {
            assert_eq!(
                ewallet_handle_key(written, provider),
                "+12125550100",
                "{written} at {provider}"
            );
        }
        assert_eq!(
            ewallet_handle_key("0917 123 4567", "GCash"),
            "+639171234567"
        );
        // Elsewhere, or not a national number's length, or not a number
        // alone: as `handle_key` keys it.
        for (written, provider) in [
            ("(212) 555-0100", "Cash App"),
            ("0712 345678", "M-Pesa"),
            ("555-0100", "Zelle"),
            ("jobs@example.com", "Zelle"),
            ("@John-Kamau-7", "Venmo"),
        ] {
            assert_eq!(
                ewallet_handle_key(written, provider),
                handle_key(written),
                "{written} at {provider}"
            );
        }
    }

    #[test]
    fn wallets_and_handles_follow_their_case_rules() {
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(wallet_key(eth), wallet_key(&eth.to_lowercase()));
        assert_eq!(
            wallet_key(&format!("{}\u{200D}{}", &eth[..10], &eth[10..])),
            wallet_key(eth)
        );
        let btc = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
        assert_ne!(wallet_key(btc), wallet_key(&btc.to_lowercase()));
        assert_eq!(
            handle_key(" Anna@Example.com\u{2060}"),
            handle_key("anna@example.com")
        );
    }
}
