//! A synthetic payroll with a realistic share of risky rows, the same for a
//! given seed: mostly domestic IBANs, and a few percent of crypto wallets,
//! foreign and e-money accounts, shared accounts, foreign phones and
//! fresh account changes.

use std::io::{self, Write};

/// The columns written, a subset of the payroll columns.
const HEADER: &str = "payout_id,employee_id,employee_name,residence_country,amount,currency,\
iban,wallet_address,wallet_network,ewallet_provider,ewallet_id,account_holder,\
account_changed_at,pay_date,phone\n";

const FIRST: [&str; 16] = [
    "Anna",
    "Lukas",
    "Marie",
    "Jonas",
    "Sofia",
    "Pablo",
    "Chloe",
    "Louis",
    "Julia",
    "Piotr",
    "Agnieszka",
    "Daan",
    "Emma",
    "Marco",
    "Giulia",
    "Lea",
];
const LAST: [&str; 16] = [
    "Schmidt", "Muller", "Garcia", "Martin", "Bernard", "Nowak", "Kowalski", "de Jong", "Rossi",
    "Bianchi", "Fischer", "Lopez", "Dubois", "Visser", "Wagner", "Moreau",
];

/// Residence countries: (code, phone prefix, currency, IBAN BBAN length in
/// digits). Only all-digit BBANs, so any digits make a well-formed IBAN.
const HOMES: [(&str, &str, &str, usize); 4] = [
    ("DE", "+49 30", "EUR", 18),
    ("ES", "+34 91", "EUR", 20),
    ("PL", "+48 22", "PLN", 24),
    ("FR", "+33 1", "EUR", 23),
];

/// Writes a payroll of `rows` rows as CSV.
pub fn write(out: &mut impl Write, rows: u64, seed: u64) -> io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(seed);
    out.write_all(HEADER.as_bytes())?;
    for i in 0..rows {
        let (home, phone_prefix, currency, bban) = HOMES[rng.usize(..HOMES.len())];
        let name = format!(
            "{} {}",
            FIRST[rng.usize(..FIRST.len())],
            LAST[rng.usize(..LAST.len())]
        );
        let amount = format!("{}.{:02}", rng.u32(2_000..9_000), rng.u32(..100));
        // Each employee's own number, as in a real roster.
        let mut phone = format!("{phone_prefix} {}", 100_000_000 + i);
        let (mut iban, mut wallet, mut network, mut provider, mut handle, mut holder) =
            (String::new(), "", "", "", String::new(), "");
        let mut changed = "";
        // About 8 rows in 100 carry one red flag.
        match rng.u32(..100) {
            0 => {
                wallet = "0x52908400098527886e0f7030069857d2e4169ee7";
                network = "ETH";
            }
            1 => iban = lt_e_money(&mut rng),
            2 => iban = iban_of(&mut rng, "NL", 0),
            3 => {
                // One of 1,000 facilitator accounts, each shared by several.
                let account = rng.u64(..1_000);
                iban = iban_with("DE", &format!("{:018}", 370_400_440_000_000_000 + account));
                holder = "Kim Trading Ltd";
            }
            4 => phone = format!("+86 10 {}", rng.u32(1_000_000..9_999_999)),
            5 => {
                changed = "2026-11-20";
                iban = iban_of(&mut rng, home, bban);
            }
            6 => {
                provider = "Payoneer";
                handle = format!("e{i}@example.com");
            }
            7 => phone = format!("+7 495 {}", rng.u32(1_000_000..9_999_999)),
            _ => iban = iban_of(&mut rng, home, bban),
        }
        if iban.is_empty() && wallet.is_empty() && handle.is_empty() {
            iban = iban_of(&mut rng, home, bban);
        }
        writeln!(
            out,
            "P{i:09},E{i:09},{name},{home},{amount},{currency},{iban},{wallet},{network},\
             {provider},{handle},{holder},{changed},2026-11-25,{phone}"
        )?;
    }
    Ok(())
}

/// An IBAN of `country` with a random all-digit BBAN of `digits` digits
/// (the Netherlands, `digits` 0, gets a bank code and ten digits).
fn iban_of(rng: &mut fastrand::Rng, country: &str, digits: usize) -> String {
    let bban: String = match country {
        "NL" => format!("INGB{:010}", rng.u64(..10_000_000_000)),
        _ => (0..digits)
            .map(|_| char::from(b'0' + rng.u8(..10)))
            .collect(),
    };
    iban_with(country, &bban)
}

/// A Lithuanian IBAN at an e-money institution's bank code (30027).
fn lt_e_money(rng: &mut fastrand::Rng) -> String {
    iban_with("LT", &format!("30027{:011}", rng.u64(..100_000_000_000)))
}

/// The IBAN of `bban` in `country`, with its ISO 13616 check digits. The
/// IBAN crates validate and parse; none generates, hence these few lines.
fn iban_with(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let remainder = rearranged.chars().fold(0_u32, |acc, c| {
        let value = c.to_digit(36).expect("alphanumeric");
        if value < 10 {
            (acc * 10 + value) % 97
        } else {
            (acc * 100 + value) % 97
        }
    });
    format!("{country}{:02}{bban}", 98 - remainder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_a_published_iban() {
        // The ECBS example IBAN.
        assert_eq!(
            iban_with("DE", "370400440532013000"),
            "DE89370400440532013000"
        );
        assert_eq!(
            iban_with("GB", "NWBK60161331926819"),
            "GB29NWBK60161331926819"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_payroll() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write(&mut a, 50, 7).unwrap();
        write(&mut b, 50, 7).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.iter().filter(|&&c| c == b'\n').count(), 51);
    }
}
