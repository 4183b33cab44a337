//! The contract's chunk (since 0.6): each payout as [`WORDS`] numbers of
//! one list and its text as spans of the chunk's one string (the table is
//! in `wit/since_v0.7.0/payguard.wit`). The hosts that write chunks (the
//! Rust host and the Node package's reader) and the plugin that reads them
//! share this one layout. A list of numbers is lowered into the plugin as
//! one copy; a list of records was lowered field by field.

use crate::{CryptoWallet, Date, Destination, EWallet, Payout};

/// Words per payout.
pub const WORDS: usize = 33;

/// The start of an absent text field, and an absent date.
pub const NONE: u32 = u32::MAX;

/// Where each field starts among a payout's words: a text field is two
/// words (start, length), a date one, the amount two (low, high).
pub mod at {
    pub const PAYOUT_ID: usize = 0;
    pub const EMPLOYEE_ID: usize = 2;
    pub const EMPLOYEE_NAME: usize = 4;
    pub const RESIDENCE_COUNTRY: usize = 6;
    pub const AMOUNT_MINOR: usize = 8;
    pub const CURRENCY: usize = 10;
    pub const DESTINATION_KIND: usize = 12;
    /// The destination's five text fields, in the order of
    /// [`crate::BankAccount::fields`] for a bank account; a wallet's address and
    /// network, an e-wallet's provider and handle, then absent fields.
    pub const DESTINATION: usize = 13;
    pub const ACCOUNT_HOLDER: usize = 23;
    pub const ACCOUNT_CHANGED_AT: usize = 25;
    pub const PAY_DATE: usize = 26;
    pub const PHONE: usize = 27;
    pub const SHIP_TO_COUNTRY: usize = 29;
    pub const REFERENCE: usize = 31;
}

/// The destination kinds' numbers.
pub mod kind {
    pub const BANK: u32 = 0;
    pub const CRYPTO: u32 = 1;
    pub const E_WALLET: u32 = 2;
}

/// A date as one word. The one value left for [`NONE`] would be
/// 65535-255-255, which is no date: it reads as none.
pub fn date_word(date: Option<Date>) -> u32 {
    date.map_or(NONE, |d| {
        u32::from(d.year) << 16 | u32::from(d.month) << 8 | u32::from(d.day)
    })
}

/// The date a word holds.
pub fn word_date(word: u32) -> Option<Date> {
    (word != NONE).then_some(Date {
        year: (word >> 16) as u16,
        month: (word >> 8) as u8,
        day: word as u8,
    })
}

/// The (start, length) of the text field at `at`, none when absent.
pub fn span(words: &[u32; WORDS], at: usize) -> Option<(u32, u32)> {
    (words[at] != NONE).then_some((words[at], words[at + 1]))
}

/// The amount in minor units.
pub fn amount_minor(words: &[u32; WORDS]) -> i64 {
    let at = at::AMOUNT_MINOR;
    (u64::from(words[at + 1]) << 32 | u64::from(words[at])) as i64
}

/// Writes `p` as its words, each text field appended by `text`, which
/// gives its (start, length) in the chunk's text or fails the payout.
pub fn write<E>(
    p: &Payout,
    mut text: impl FnMut(&str) -> Result<(u32, u32), E>,
) -> Result<[u32; WORDS], E> {
    let mut words = [NONE; WORDS];
    let mut put = |at: usize, value: Option<&str>| -> Result<(), E> {
        if let Some(value) = value {
            (words[at], words[at + 1]) = text(value)?;
        } else {
            words[at + 1] = 0;
        }
        Ok(())
    };
    put(at::PAYOUT_ID, Some(&p.payout_id))?;
    put(at::EMPLOYEE_ID, Some(&p.employee_id))?;
    put(at::EMPLOYEE_NAME, Some(&p.employee_name))?;
    put(at::RESIDENCE_COUNTRY, Some(&p.residence_country))?;
    put(at::CURRENCY, Some(&p.currency))?;
    let (kind, fields): (u32, [Option<&str>; 5]) = match &p.destination {
        Destination::Bank(b) => (kind::BANK, b.fields().map(|f| f.as_deref())),
        Destination::Crypto(CryptoWallet { address, network }) => (
            kind::CRYPTO,
            [Some(address), network.as_deref(), None, None, None],
        ),
        Destination::EWallet(EWallet { provider, handle }) => (
            kind::E_WALLET,
            [Some(provider), Some(handle), None, None, None],
        ),
    };
    for (i, field) in fields.into_iter().enumerate() {
        put(at::DESTINATION + 2 * i, field)?;
    }
    put(at::ACCOUNT_HOLDER, p.account_holder.as_deref())?;
    put(at::PHONE, p.phone.as_deref())?;
    put(at::SHIP_TO_COUNTRY, p.ship_to_country.as_deref())?;
    put(at::REFERENCE, p.reference.as_deref())?;
    let amount = p.amount_minor as u64;
    words[at::AMOUNT_MINOR] = amount as u32;
    words[at::AMOUNT_MINOR + 1] = (amount >> 32) as u32;
    words[at::DESTINATION_KIND] = kind;
    words[at::ACCOUNT_CHANGED_AT] = date_word(p.account_changed_at);
    words[at::PAY_DATE] = date_word(p.pay_date);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BankAccount;

    fn payout(destination: Destination) -> Payout {
        Payout {
            payout_id: "P1".into(),
            employee_id: "E1".into(),
            employee_name: "Zoë Ünal".into(),
            residence_country: "DE".into(),
            amount_minor: -1_234_567_890_123,
            currency: "EUR".into(),
            destination,
            account_holder: Some("Zoë Ünal".into()),
            account_changed_at: Some(Date {
                year: 2026,
                month: 11,
                day: 30,
            }),
            pay_date: None,
            phone: None,
            ship_to_country: Some("".into()),
            reference: Some("Gehalt 11/2026".into()),
        }
    }

    /// Writes `p` into one text, as a host does.
    fn written(p: &Payout) -> (String, [u32; WORDS]) {
        let mut text = String::new();
        let words = write(p, |s| {
            let start = text.len() as u32;
            text.push_str(s);
            Ok::<_, ()>((start, s.len() as u32))
        })
        .unwrap();
        (text, words)
    }

    fn read<'t>(text: &'t str, words: &[u32; WORDS], at: usize) -> Option<&'t str> {
        span(words, at).map(|(start, len)| &text[start as usize..(start + len) as usize])
    }

    #[test]
    fn every_field_reads_back_as_written() {
        let p = payout(Destination::Bank(BankAccount {
            iban: Some("DE89 3704 0044 0532 0130 00".into()),
            account_number: None,
            routing_number: Some("37040044".into()),
            bic: None,
            bank_country: Some("DE".into()),
        }));
        let (text, words) = written(&p);
        assert_eq!(read(&text, &words, at::PAYOUT_ID), Some("P1"));
        assert_eq!(read(&text, &words, at::EMPLOYEE_NAME), Some("Zoë Ünal"));
        assert_eq!(read(&text, &words, at::CURRENCY), Some("EUR"));
        assert_eq!(amount_minor(&words), -1_234_567_890_123);
        assert_eq!(words[at::DESTINATION_KIND], kind::BANK);
        let bank: Vec<_> = (0..5)
            .map(|i| read(&text, &words, at::DESTINATION + 2 * i))
            .collect();
        assert_eq!(
            bank,
            [
                Some("DE89 3704 0044 0532 0130 00"),
                None,
                Some("37040044"),
                None,
                Some("DE")
            ]
        );
        assert_eq!(
            word_date(words[at::ACCOUNT_CHANGED_AT]),
            p.account_changed_at
        );
        assert_eq!(word_date(words[at::PAY_DATE]), None);
        assert_eq!(read(&text, &words, at::PHONE), None);
        // An empty field is present and empty, not absent.
        assert_eq!(read(&text, &words, at::SHIP_TO_COUNTRY), Some(""));
        assert_eq!(read(&text, &words, at::REFERENCE), Some("Gehalt 11/2026"));
        // An absent field's length is 0.
        assert_eq!(words[at::PHONE + 1], 0);
    }

    #[test]
    fn wallets_fill_the_destination_from_its_first_field() {
        let crypto = payout(Destination::Crypto(CryptoWallet {
            address: "TXYZ".into(),
            network: None,
        }));
        let (text, words) = written(&crypto);
        assert_eq!(words[at::DESTINATION_KIND], kind::CRYPTO);
        assert_eq!(read(&text, &words, at::DESTINATION), Some("TXYZ"));
        assert!((1..5).all(|i| span(&words, at::DESTINATION + 2 * i).is_none()));
        let ewallet = payout(Destination::EWallet(EWallet {
            provider: "Wise".into(),
            handle: "a@b.example".into(),
        }));
        let (text, words) = written(&ewallet);
        assert_eq!(words[at::DESTINATION_KIND], kind::E_WALLET);
        assert_eq!(
            read(&text, &words, at::DESTINATION + 2),
            Some("a@b.example")
        );
    }

    #[test]
    fn dates_take_one_word_and_no_date_is_none() {
        for date in [
            Date {
                year: 0,
                month: 1,
                day: 1,
            },
            Date {
                year: 9999,
                month: 12,
                day: 31,
            },
            Date {
                year: 65535,
                month: 255,
                day: 254,
            },
        ] {
            assert_ne!(date_word(Some(date)), NONE, "{date}");
            assert_eq!(word_date(date_word(Some(date))), Some(date));
        }
        assert_eq!(word_date(date_word(None)), None);
        // The one date a word cannot hold is no date in any calendar.
        let last = Date {
            year: 65535,
            month: 255,
            day: 255,
        };
        assert_eq!(word_date(date_word(Some(last))), None);
    }
}
