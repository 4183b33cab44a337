//! Roster keys: digests of normalised destinations, third-party holders and
//! phones, so the host can find what several employees share without
//! holding account numbers, names or phone numbers.

use crate::clean::clean;
use crate::holder::{ThirdParty, account_holders};
use crate::model::{Destination, EWallet, KeyKind, Payout, RosterKey};
use crate::normalize::crypto;
use crate::normalize::destination::{
    destination_key, ewallet_handle_key, handle_iban, handle_wallet, is_mailbox, provider_key,
    read_key_parts,
};
use crate::normalize::name::Name;
use crate::normalize::phone;
use crate::validate::validate;
use smallvec::SmallVec;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// A payout's roster keys: three kinds, a third-party holder's several
/// ways of writing its name among them; kept inline (no heap block per
/// payout) unless the holder's spellings take more than two keys.
pub type Keys = SmallVec<[RosterKey; 4]>;

/// The roster keys of a payout, read as the rules read it (invisible
/// characters removed); none for a payout that fails validation, so a
/// broken row never makes another look shared.
pub fn keys(payout: &Payout) -> Keys {
    let (payout, _) = clean(payout);
    if validate(&payout).is_err() {
        return Keys::new();
    }
    let phone = phone::of(&payout);
    let account = reference_tagged_account(&payout);
    let holders = account_holders(&payout);
    keys_read(
        &payout,
        holders.third_party.as_ref(),
        &holders.co_holders,
        phone.as_deref(),
        account.as_deref(),
    )
}

/// A wallet's account read with the payout's reference, as the facts read
/// it (`crypto::recognise_paid`): `destination_key` reads the wallet field
/// alone. None without a reference, the field's key being the account.
fn reference_tagged_account(payout: &Payout) -> Option<String> {
    let (Destination::Crypto(wallet), Some(reference)) = (&payout.destination, &payout.reference)
    else {
        return None;
    };
    Some(crypto::recognise_paid(&wallet.address, Some(reference))?.account())
}

/// The roster keys of a payout already cleaned and validated, given its
/// third-party holder, a joint account's other holders, its phone in
/// international form and its account
/// (an IBAN's electronic form, a wallet's key: `Facts::account_key`) as
/// the rules read them (their facts), so a payout keyed and judged in one
/// call reads each once.
pub fn keys_read(
    payout: &Payout,
    third_party: Option<&ThirdParty>,
    co_holders: &[Name],
    phone: Option<&str>,
    account: Option<&str>,
) -> Keys {
    let key = |kind, text: &str| RosterKey {
        kind,
        digest: xxh3_128(text.as_bytes()),
    };
    let mut keys = Keys::new();
    match &payout.destination {
        Destination::EWallet(ewallet) => push_ewallet(&mut keys, ewallet, phone, account),
        destination => {
            if let Some(digest) = destination_digest(destination, account) {
                keys.push(RosterKey {
                    kind: KeyKind::Destination,
                    digest,
                });
            }
        }
    }
    // Each way of writing the holder's name is a key of its own: two
    // employees' holders meet on any one they share.
    // A joint account's other holder is keyed as a third party is: one
    // person beside several employees' accounts meets itself.
    let holders = third_party.map(|holder| &holder.name).into_iter();
    for name in holders.chain(co_holders) {
        for written in name.holder_keys() {
            keys.push(key(KeyKind::AccountHolder, &written));
        }
    }
    if let Some(phone) = phone {
        keys.push(key(KeyKind::Phone, phone));
    }
    keys
}

/// An e-wallet's keys: its destination, and who it is registered to, from
/// one reading of its handle (read twice, for the destination and again
/// for the mailbox, an e-wallet payout cost 4,000 instructions more in
/// the plugin than before the mailbox, against 1,000 now). Out of line:
/// few payouts are e-wallets.
#[inline(never)]
fn push_ewallet(keys: &mut Keys, ewallet: &EWallet, phone: Option<&str>, iban: Option<&str>) {
    // A handle that is a crypto address is that wallet, one that is an
    // IBAN (the facts' account, else read here) that IBAN
    // (`destination_key`): neither is a mailbox or a phone.
    let account = match handle_wallet(&ewallet.handle) {
        Some(wallet) => Some(format!("wallet:{wallet}")),
        None => iban
            .map(String::from)
            .or_else(|| handle_iban(&ewallet.handle))
            .map(|iban| format!("iban:{iban}")),
    };
    if let Some(account) = account {
        keys.push(RosterKey {
            kind: KeyKind::Destination,
            digest: xxh3_128(account.as_bytes()),
        });
        return;
    }
    let handle = ewallet_handle_key(&ewallet.handle, &ewallet.provider);
    // `destination_key`'s "ewallet:provider:handle", hashed in turn: the
    // same digest, with no string joined for it.
    let mut hasher = Xxh3::new();
    for part in ["ewallet:", &provider_key(&ewallet.provider), ":", &handle] {
        hasher.update(part.as_bytes());
    }
    keys.push(RosterKey {
        kind: KeyKind::Destination,
        digest: hasher.digest128(),
    });
    let mut push = |kind, text: &str| {
        keys.push(RosterKey {
            kind,
            digest: xxh3_128(text.as_bytes()),
        })
    };
    // An e-wallet registered to an e-mail address is held by whoever reads
    // that mailbox: e-wallets at Payoneer, PayPal and Wise opened with one
    // address meet here, where their destinations (one per provider) never
    // would. The address is the key as it is: a name's keys hold no "@".
    if is_mailbox(&handle) {
        push(KeyKind::AccountHolder, &handle);
    }
    // An e-wallet registered to a phone number meets the employees who
    // give that number, and the e-wallets registered to it elsewhere.
    if let Some(registered) = phone::registered_at(&ewallet.handle, &ewallet.provider)
        && phone != Some(&*registered)
    {
        push(KeyKind::Phone, &registered);
    }
}

/// The digest of [`destination_key`]. An IBAN's key is "iban:" and its
/// electronic form, a wallet's "wallet:" and its wallet key: given the
/// account so read, the two are hashed in turn (the same digest) rather
/// than read again and joined in a new string for every payout.
fn destination_digest(destination: &Destination, account: Option<&str>) -> Option<u128> {
    let Some((kind, account)) = read_key_parts(destination, account) else {
        return destination_key(destination).map(|key| xxh3_128(key.as_bytes()));
    };
    let mut hasher = Xxh3::new();
    hasher.update(kind.as_bytes());
    hasher.update(account.as_bytes());
    Some(hasher.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;
    use crate::model::BankAccount;
    use crate::normalize::destination::{account_key, iban_of};
    use crate::rules::testing::*;

    /// The destination's key.
    fn key(p: &Payout) -> u128 {
        let mut keys = keys(p).into_iter();
        keys.find(|k| k.kind == KeyKind::Destination)
            .unwrap()
            .digest
    }

    #[test]
    fn an_iban_given_electronic_hashes_as_its_key_text() {
        for (iban, account_number) in [
            (Some("de89 3704 0044 0532 0130 00"), None),
            (None, Some("GB29 NWBK 6016 1331 9268 19")),
        ] {
            let p = with_bank(BankAccount {
                iban: iban.map(Into::into),
                account_number: account_number.map(Into::into),
                ..BankAccount::default()
            });
            let (raw, _) = match &p.destination {
                Destination::Bank(bank) => iban_of(bank).unwrap(),
                _ => unreachable!(),
            };
            let electronic = account_key(raw);
            let streamed = keys_read(&p, None, &[], None, Some(&electronic));
            assert_eq!(streamed, keys_read(&p, None, &[], None, None), "{raw}");
            let text = destination_key(&p.destination).unwrap();
            assert_eq!(streamed[0].digest, xxh3_128(text.as_bytes()));
        }
    }

    #[test]
    fn a_wallet_given_as_read_hashes_as_its_key_text() {
        for address in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            " bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "not-a-wallet",
        ] {
            let p = with_wallet(address, None);
            let facts = Facts::of(&p);
            let read = keys_read(&p, None, &[], None, facts.account_key());
            assert_eq!(read, keys_read(&p, None, &[], None, None), "{address}");
            let text = destination_key(&p.destination).unwrap();
            assert_eq!(read[0].digest, xxh3_128(text.as_bytes()), "{address}");
        }
    }

    #[test]
    fn iban_spellings_share_a_key() {
        let a = with_bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            ..BankAccount::default()
        });
        let b = with_bank(BankAccount {
            iban: Some("de89 3704 0044 0532 0130 00".into()),
            ..BankAccount::default()
        });
        assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn account_numbers_ignore_punctuation() {
        let a = with_bank(BankAccount {
            account_number: Some("12-34 56/78".into()),
            routing_number: Some("021000021".into()),
            ..BankAccount::default()
        });
        let b = with_bank(BankAccount {
            account_number: Some("12345678".into()),
            routing_number: Some("021 000 021".into()),
            ..BankAccount::default()
        });
        assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn wallet_case_rules_follow_the_scheme() {
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(
            key(&with_wallet(eth, None)),
            key(&with_wallet(&eth.to_lowercase(), None))
        );
        let btc = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
        assert_ne!(
            key(&with_wallet(btc, None)),
            key(&with_wallet(&btc.to_lowercase(), None))
        );
    }

    #[test]
    fn ewallet_handles_ignore_case() {
        assert_eq!(
            key(&with_ewallet("PayPal", "Anna.Schmidt@Example.com")),
            key(&with_ewallet("paypal", " anna.schmidt@example.com"))
        );
        assert_ne!(
            key(&with_ewallet("PayPal", "a@example.com")),
            key(&with_ewallet("Payoneer", "a@example.com"))
        );
    }

    /// The digests of `p`'s keys of `kind`.
    fn keys_of(p: &Payout, kind: KeyKind) -> Vec<u128> {
        keys(p)
            .iter()
            .filter(|k| k.kind == kind)
            .map(|k| k.digest)
            .collect()
    }

    #[test]
    fn an_e_wallet_hashes_as_its_key_text() {
        for (provider, handle) in [
            ("PayPal", " Anna.Schmidt@Example.com"),
            ("Pay oneer", "dan.black+pay@gmail.com"),
            ("M-Pesa", "+254 712 345 678"),
        ] {
            let p = with_ewallet(provider, handle);
            let text = destination_key(&p.destination).unwrap();
            assert_eq!(key(&p), xxh3_128(text.as_bytes()), "{provider} {handle}");
        }
    }

    #[test]
    fn e_wallets_registered_to_one_mailbox_share_a_holder_key_across_providers() {
        let holder_keys = |p: &Payout| keys_of(p, KeyKind::AccountHolder);
        let payoneer = with_ewallet("Payoneer", "dan.black+pay@gmail.com");
        let paypal = with_ewallet("PayPal", "DANBLACK@googlemail.com");
        assert_ne!(key(&payoneer), key(&paypal), "two destinations");
        assert_eq!(holder_keys(&payoneer).len(), 1);
        assert_eq!(holder_keys(&payoneer), holder_keys(&paypal));
        // A handle that is no address is no mailbox.
        assert!(holder_keys(&with_ewallet("Payoneer", "PAYER-7XK2")).is_empty());
    }

    #[test]
    fn an_e_wallet_registered_to_a_phone_meets_the_phone_given_for_another() {
        let phone_keys = |p: &Payout| keys_of(p, KeyKind::Phone);
        let giving = Payout {
            phone: Some("0712 345678".into()),
            residence_country: "KE".into(),
            ..payout()
        };
        let mpesa = with_ewallet("M-Pesa", "+254 712 345 678");
        assert_eq!(phone_keys(&giving).len(), 1);
        assert_eq!(phone_keys(&mpesa), phone_keys(&giving));
        // Its own phone again is one key, not two.
        let own = Payout {
            phone: Some("+254712345678".into()),
            ..mpesa.clone()
        };
        assert_eq!(phone_keys(&own), phone_keys(&giving));
        // Digits without a calling code are an account id, never a phone.
        assert!(phone_keys(&with_ewallet("Payoneer", "0712345678")).is_empty());
    }

    #[test]
    fn holders_and_phones_are_keyed_only_when_they_say_something() {
        let kinds = |p: &Payout| keys(p).iter().map(|k| k.kind).collect::<Vec<_>>();
        assert_eq!(kinds(&payout()), [KeyKind::Destination]);
        let own = Payout {
            account_holder: Some("SCHMIDT, Anna".into()),
            phone: Some("+49 30 1234567".into()),
            ..payout()
        };
        assert_eq!(kinds(&own), [KeyKind::Destination, KeyKind::Phone]);
        let a = Payout {
            account_holder: Some("Li Wei".into()),
            ..payout()
        };
        let b = Payout {
            employee_name: "Peter Meier".into(),
            account_holder: Some("WEI, LI".into()),
            ..payout()
        };
        assert_eq!(keys(&a)[1], keys(&b)[1], "one third party, however written");
    }

    #[test]
    fn a_company_holder_is_one_key_whatever_its_legal_form() {
        let holder = |written: &str| {
            keys(&Payout {
                account_holder: Some(written.into()),
                ..payout()
            })[1]
        };
        let one = holder("Nova Staffing Ltd");
        for other in [
            "NOVA STAFFING LIMITED",
            "Nova Staffing L.T.D.",
            "Nova Staffing",
        ] {
            assert_eq!(holder(other), one, "{other}");
        }
        assert_ne!(holder("Nova Consulting Ltd"), one);
    }

    #[test]
    fn invalid_rows_have_no_keys() {
        let p = Payout {
            residence_country: "XX".into(),
            ..payout()
        };
        assert!(keys(&p).is_empty());
    }
}
