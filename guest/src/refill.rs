//! One payout's strings refilled in place, payout after payout: the glue
//! reads every payout of a chunk into the same buffers, so reading a
//! payout allocates only when a field outgrows what an earlier payout
//! left (a chunk's text arrives as one string; copying each field into a
//! fresh `String` had been about half the plugin's allocations).

use crate::model::{BankAccount, CryptoWallet, Destination, EWallet};

/// Strings a payout no longer uses, kept for the next one's fields.
#[derive(Debug, Default)]
pub struct Spare {
    strings: Vec<String>,
}

impl Spare {
    /// `slot` set to `value`, in its own buffer.
    pub fn text(&mut self, slot: &mut String, value: &str) {
        slot.clear();
        slot.push_str(value);
    }

    /// `slot` set to `value`: in its own buffer or a spare one; an absent
    /// value gives its buffer up to the spares.
    pub fn maybe(&mut self, slot: &mut Option<String>, value: Option<&str>) {
        match value {
            Some(value) => {
                let mut buffer = slot
                    .take()
                    .or_else(|| self.strings.pop())
                    .unwrap_or_default();
                self.text(&mut buffer, value);
                *slot = Some(buffer);
            }
            None => {
                if let Some(buffer) = slot.take() {
                    self.keep_string(buffer);
                }
            }
        }
    }

    /// A string from the spares (empty), or a new one.
    fn string(&mut self) -> String {
        self.strings.pop().unwrap_or_default()
    }

    /// `s`, emptied, as a spare: no earlier payout's text is ever handed on.
    fn keep_string(&mut self, mut s: String) {
        s.clear();
        self.strings.push(s);
    }

    /// `destination` made a bank account, its other kind's strings kept.
    pub fn bank<'a>(&mut self, destination: &'a mut Destination) -> &'a mut BankAccount {
        if !matches!(destination, Destination::Bank(_)) {
            let old = std::mem::replace(destination, Destination::Bank(BankAccount::default()));
            self.keep(old);
        }
        match destination {
            Destination::Bank(bank) => bank,
            _ => unreachable!("made a bank account above"),
        }
    }

    /// `destination` made a wallet, its other kind's strings kept.
    pub fn crypto<'a>(&mut self, destination: &'a mut Destination) -> &'a mut CryptoWallet {
        if !matches!(destination, Destination::Crypto(_)) {
            let wallet = CryptoWallet {
                address: self.string(),
                network: None,
            };
            let old = std::mem::replace(destination, Destination::Crypto(wallet));
            self.keep(old);
        }
        match destination {
            Destination::Crypto(wallet) => wallet,
            _ => unreachable!("made a wallet above"),
        }
    }

    /// `destination` made an e-wallet, its other kind's strings kept.
    pub fn ewallet<'a>(&mut self, destination: &'a mut Destination) -> &'a mut EWallet {
        if !matches!(destination, Destination::EWallet(_)) {
            let ewallet = EWallet {
                provider: self.string(),
                handle: self.string(),
            };
            let old = std::mem::replace(destination, Destination::EWallet(ewallet));
            self.keep(old);
        }
        match destination {
            Destination::EWallet(ewallet) => ewallet,
            _ => unreachable!("made an e-wallet above"),
        }
    }

    /// The strings of a destination no longer used, as spares.
    fn keep(&mut self, old: Destination) {
        let strings: Vec<Option<String>> = match old {
            Destination::Bank(b) => vec![
                b.iban,
                b.account_number,
                b.routing_number,
                b.bic,
                b.bank_country,
            ],
            Destination::Crypto(c) => vec![Some(c.address), c.network],
            Destination::EWallet(e) => vec![Some(e.provider), Some(e.handle)],
        };
        for s in strings.into_iter().flatten() {
            self.keep_string(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_field_is_none_and_its_buffer_serves_the_next_field() {
        let mut spare = Spare::default();
        let mut holder = Some("Anna Schmidt".to_string());
        spare.maybe(&mut holder, None);
        assert_eq!(holder, None);
        let mut phone = None;
        spare.maybe(&mut phone, Some("+49 30 901820"));
        assert_eq!(phone.as_deref(), Some("+49 30 901820"));
        assert!(spare.strings.is_empty(), "the holder's buffer was used");
    }

    #[test]
    fn a_spare_from_an_absent_field_is_handed_over_empty() {
        let mut spare = Spare::default();
        let mut phone = Some("+49 30 901820".to_string());
        spare.maybe(&mut phone, None);
        let mut d = Destination::Bank(BankAccount::default());
        assert_eq!(spare.crypto(&mut d).address, "");
    }

    #[test]
    fn a_destination_changes_kind_and_keeps_nothing_of_the_old_one() {
        let mut spare = Spare::default();
        let mut d = Destination::Bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            bic: Some("COBADEFFXXX".into()),
            ..BankAccount::default()
        });
        let wallet = spare.crypto(&mut d);
        assert_eq!(wallet.address, "", "a spare is handed over empty");
        spare.text(&mut wallet.address, "TQ4ZRH6Y7JWcwa1zXoKq6pGcMk1uGf1b6S");
        let bank = spare.bank(&mut d);
        assert_eq!(*bank, BankAccount::default());
        let ewallet = spare.ewallet(&mut d);
        assert_eq!(
            (ewallet.provider.as_str(), ewallet.handle.as_str()),
            ("", "")
        );
    }
}
