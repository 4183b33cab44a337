//! Row checks: a payout that fails one is reported as a row error, never
//! scored and never dropped.

use crate::model::{Destination, Payout, RowError, blank};
use crate::normalize::country::{is_country, is_crypto_asset, is_currency};
use crate::normalize::destination::crypto_exchange;

/// Checks the fields a payout cannot be scored without.
pub fn validate(payout: &Payout) -> Result<(), RowError> {
    let fail = |field: &'static str, message: String| {
        Err(RowError {
            payout_id: payout.payout_id.clone(),
            field: Some(field),
            message,
        })
    };
    for (field, value) in [
        ("payout_id", &payout.payout_id),
        ("employee_id", &payout.employee_id),
        ("employee_name", &payout.employee_name),
    ] {
        if blank(value) {
            return fail(field, "is empty".into());
        }
    }
    if !is_country(&payout.residence_country) {
        return fail(
            "residence_country",
            not_a_country(&payout.residence_country),
        );
    }
    if !is_currency(&payout.currency) {
        // A crypto payout's asset the pack does not list is taken as
        // written (`unlisted_asset`): scored, not refused; so is one paid
        // to an e-wallet at a crypto exchange (DOGE to Binance Pay).
        let pays_crypto = match &payout.destination {
            Destination::Crypto(_) => true,
            Destination::EWallet(ewallet) => crypto_exchange(&ewallet.provider).is_some(),
            Destination::Bank(_) => false,
        };
        let unlisted = pays_crypto && payguard_model::unlisted_asset::is_ticker(&payout.currency);
        if !is_crypto_asset(&payout.currency) && !unlisted {
            return fail(
                "currency",
                format!(
                    "{:?} is neither an ISO 4217 currency code nor a known crypto asset",
                    payout.currency
                ),
            );
        }
        // An exchange's or any e-wallet's account may hold crypto (Binance
        // Pay, PayPal's stablecoin); a bank account cannot.
        if matches!(payout.destination, Destination::Bank(_)) {
            return fail(
                "currency",
                format!(
                    "{} is a crypto asset; a bank account is not paid in one (a crypto or e-wallet payout may be)",
                    payout.currency
                ),
            );
        }
    }
    if payout.amount_minor < 0 {
        return fail(
            "amount",
            format!("is negative ({} minor units)", payout.amount_minor),
        );
    }
    if let Some(ship_to) = &payout.ship_to_country
        && !is_country(ship_to)
    {
        return fail("ship_to_country", not_a_country(ship_to));
    }
    for (field, date) in [
        ("account_changed_at", payout.account_changed_at),
        ("pay_date", payout.pay_date),
    ] {
        if let Some(date) = date
            && !date.is_valid()
        {
            return fail(
                field,
                format!(
                    "{}-{}-{} is not a calendar date",
                    date.year, date.month, date.day
                ),
            );
        }
    }
    match &payout.destination {
        Destination::Bank(bank) => {
            if bank.iban.is_none() && bank.account_number.is_none() {
                return fail(
                    "iban",
                    "a bank payout needs an iban or an account_number".into(),
                );
            }
            if let Some(country) = &bank.bank_country
                && !is_country(country)
            {
                return fail("bank_country", not_a_country(country));
            }
        }
        Destination::Crypto(wallet) => {
            if blank(&wallet.address) {
                return fail(
                    "wallet_address",
                    "a crypto payout needs a wallet_address".into(),
                );
            }
        }
        Destination::EWallet(ewallet) => {
            if blank(&ewallet.provider) {
                return fail(
                    "ewallet_provider",
                    "an e-wallet payout needs an ewallet_provider".into(),
                );
            }
            if blank(&ewallet.handle) {
                return fail(
                    "ewallet_id",
                    "an e-wallet payout needs an ewallet_id".into(),
                );
            }
        }
    }
    Ok(())
}

fn not_a_country(code: &str) -> String {
    format!("{code:?} is not an ISO 3166-1 alpha-2 country code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BankAccount, Date};
    use crate::rules::testing::*;

    fn field_of(p: Payout) -> Option<&'static str> {
        validate(&p).unwrap_err().field
    }

    #[test]
    fn accepts_a_plain_payout() {
        assert_eq!(validate(&payout()), Ok(()));
    }

    #[test]
    fn names_the_field_at_fault() {
        assert_eq!(
            field_of(Payout {
                employee_id: " ".into(),
                ..payout()
            }),
            Some("employee_id")
        );
        assert_eq!(
            field_of(Payout {
                residence_country: "de".into(),
                ..payout()
            }),
            Some("residence_country")
        );
        assert_eq!(
            field_of(Payout {
                currency: "EURO".into(),
                ..payout()
            }),
            Some("currency")
        );
        assert_eq!(
            field_of(Payout {
                amount_minor: -1,
                ..payout()
            }),
            Some("amount")
        );
        assert_eq!(
            field_of(Payout {
                ship_to_country: Some("ZZ".into()),
                ..payout()
            }),
            Some("ship_to_country")
        );
        let feb30 = Date {
            year: 2026,
            month: 2,
            day: 30,
        };
        assert_eq!(
            field_of(Payout {
                pay_date: Some(feb30),
                ..payout()
            }),
            Some("pay_date")
        );
        assert_eq!(field_of(with_bank(BankAccount::default())), Some("iban"));
        assert_eq!(
            field_of(Payout {
                currency: "USDT".into(),
                ..payout()
            }),
            Some("currency"),
            "a stablecoin on a bank payout"
        );
        let usdt_wallet = Payout {
            currency: "USDT".into(),
            ..with_wallet("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Some("TRC20"))
        };
        assert_eq!(validate(&usdt_wallet), Ok(()));
        // An asset the pack does not list, paid to a wallet, is scored; on
        // a bank payout, or not shaped as a ticker, it is refused.
        let doge_wallet = Payout {
            currency: "DOGE".into(),
            ..with_wallet("D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD", None)
        };
        assert_eq!(validate(&doge_wallet), Ok(()));
        for currency in ["Dogecoin", "DOGE COIN", "X"] {
            let odd = Payout {
                currency: currency.into(),
                ..doge_wallet.clone()
            };
            assert_eq!(field_of(odd), Some("currency"), "{currency}");
        }
        let doge_bank = Payout {
            currency: "DOGE".into(),
            ..payout()
        };
        assert_eq!(
            validate(&doge_bank).unwrap_err().message,
            "\"DOGE\" is neither an ISO 4217 currency code nor a known crypto asset"
        );
        // An exchange's e-wallet is paid in crypto; another e-wallet is not
        // paid in an asset no pack lists.
        let binance = Payout {
            currency: "DOGE".into(),
            ..with_ewallet("Binance Pay", "123456789")
        };
        assert_eq!(validate(&binance), Ok(()));
        let paypal = Payout {
            currency: "DOGE".into(),
            ..with_ewallet("PayPal", "anna@example.com")
        };
        assert_eq!(field_of(paypal), Some("currency"));
        assert_eq!(field_of(with_wallet(" ", None)), Some("wallet_address"));
        assert_eq!(field_of(with_ewallet("PayPal", "")), Some("ewallet_id"));
    }
}
