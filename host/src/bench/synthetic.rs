//! A synthetic payroll with a realistic share of risky rows, the same for a
//! given seed: mostly domestic IBANs, and a few percent of stablecoin
//! wallets, foreign and e-money accounts, shared accounts, foreign phones
//! and fresh account changes. Rows carry every column real files carry, so
//! the costly paths run: a holder on every bank row (5 % of names with
//! diacritics or in another script, the holder transliterated), a BIC on
//! most, a phone on most, a free-text reference on every row.

use std::io::{self, Write};

/// The columns written, a subset of the payroll columns.
const HEADER: &str = "payout_id,employee_id,employee_name,residence_country,amount,currency,\
iban,bic,wallet_address,wallet_network,ewallet_provider,ewallet_id,account_holder,\
account_changed_at,pay_date,phone,reference\n";

/// Names as their owners write them, and as a bank holds them.
const WRITTEN: [(&str, &str); 8] = [
    ("José García", "Jose Garcia"),
    ("Łukasz Wójcik", "Lukasz Wojcik"),
    ("Zoë Ørsted", "Zoe Orsted"),
    ("Jürgen Weiß", "Juergen Weiss"),
    ("Nguyễn Văn An", "Nguyen Van An"),
    ("Дмитрий Иванов", "Dmitriy Ivanov"),
    ("Ελένη Παπαδοπούλου", "Eleni Papadopoulou"),
    ("王伟", "Wang Wei"),
];

/// Stablecoin wallets: (asset, network, address). Tether's and Circle's
/// own contract addresses, valid on their chains.
const STABLECOINS: [(&str, &str, &str); 2] = [
    ("USDT", "TRC20", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    (
        "USDC",
        "ERC20",
        "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    ),
];

/// Free-text references, as payroll systems and people write them.
const REFERENCES: [&str; 4] = [
    "Salary November 2026",
    "Gehalt 11/2026 Personalnr.",
    "Nómina noviembre 2026",
    "Wynagrodzenie za listopad 2026",
];

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
/// digits, a bank's BIC). Only all-digit BBANs, so any digits make a
/// well-formed IBAN.
const HOMES: [(&str, &str, &str, usize, &str); 4] = [
    ("DE", "+49 30", "EUR", 18, "COBADEFFXXX"),
    ("ES", "+34 91", "EUR", 20, "CAIXESBBXXX"),
    ("PL", "+48 22", "PLN", 24, "PKOPPLPWXXX"),
    ("FR", "+33 1", "EUR", 23, "BNPAFRPPXXX"),
];

/// Writes a payroll of `rows` rows as CSV.
pub fn write(out: &mut impl Write, rows: u64, seed: u64) -> io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(seed);
    out.write_all(HEADER.as_bytes())?;
    for i in 0..rows {
        row(out, &mut rng, None, i, "2026-11-25")?;
    }
    Ok(())
}

/// Writes month `month` (from 1) of a payroll of `rows` employees paid on
/// `pay_date`, for the history's benchmark: each employee's row is the
/// same every month (its own generator), except that one employee in 50 a
/// month moves to a new domestic account, and stays there.
pub fn write_month(
    out: &mut impl Write,
    rows: u64,
    seed: u64,
    month: u64,
    pay_date: &str,
) -> io::Result<()> {
    out.write_all(HEADER.as_bytes())?;
    for i in 0..rows {
        let mut rng = fastrand::Rng::with_seed(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // The account of the employee's latest move, if any.
        let mut moved = (1..=month).rev().find_map(|m| {
            let mut draw = fastrand::Rng::with_seed(i.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ m);
            (draw.u32(..50) == 0).then_some(draw)
        });
        row(out, &mut rng, moved.as_mut(), i, pay_date)?;
    }
    Ok(())
}

/// One row of employee `i`, drawn from `rng`; its domestic account from
/// `moved` instead when given.
fn row(
    out: &mut impl Write,
    rng: &mut fastrand::Rng,
    moved: Option<&mut fastrand::Rng>,
    i: u64,
    pay_date: &str,
) -> io::Result<()> {
    {
        let (home, phone_prefix, mut currency, bban, home_bic) = HOMES[rng.usize(..HOMES.len())];
        let (name, mut holder) = if rng.u32(..100) < 5 {
            let (written, held) = WRITTEN[rng.usize(..WRITTEN.len())];
            (written.to_string(), held.to_string())
        } else {
            let name = format!(
                "{} {}",
                FIRST[rng.usize(..FIRST.len())],
                LAST[rng.usize(..LAST.len())]
            );
            (name.clone(), name)
        };
        let mut amount = format!("{}.{:02}", rng.u32(2_000..9_000), rng.u32(..100));
        // Each employee's own number, as in a real roster; a tenth have none.
        let mut phone = match rng.u32(..10) {
            0 => String::new(),
            _ => format!("{phone_prefix} {}", 100_000_000 + i),
        };
        let mut bic = if rng.u32(..10) < 8 { home_bic } else { "" };
        let (mut iban, mut wallet, mut network, mut provider, mut handle) =
            (String::new(), "", "", "", String::new());
        let mut changed = "";
        // About 9 rows in 100 carry one red flag.
        match rng.u32(..100) {
            0 | 1 => {
                let (asset, chain, address) = STABLECOINS[rng.usize(..STABLECOINS.len())];
                (currency, network, wallet) = (asset, chain, address);
                amount = format!("{}.{:06}", rng.u32(2_000..9_000), rng.u32(..1_000_000));
            }
            2 => (iban, bic) = (lt_e_money(rng), ""),
            3 => (iban, bic) = (iban_of(rng, "NL", 0), "INGBNL2AXXX"),
            4 => {
                // One of 1,000 facilitator accounts, each shared by several.
                let account = rng.u64(..1_000);
                iban = iban_with("DE", &format!("{:018}", 370_400_440_000_000_000 + account));
                (bic, holder) = ("COBADEFFXXX", "Kim Trading Ltd".into());
            }
            5 => phone = format!("+86 10 {}", rng.u32(1_000_000..9_999_999)),
            6 => {
                changed = "2026-11-20";
                iban = iban_of(rng, home, bban);
            }
            7 => {
                provider = "Payoneer";
                handle = format!("e{i}@example.com");
            }
            8 => phone = format!("+7 495 {}", rng.u32(1_000_000..9_999_999)),
            _ => {}
        }
        if iban.is_empty() && wallet.is_empty() && handle.is_empty() {
            iban = iban_of(rng, home, bban);
            if let Some(moved) = moved {
                iban = iban_of(moved, home, bban);
            }
        }
        if iban.is_empty() {
            (bic, holder) = ("", String::new());
        }
        let reference = REFERENCES[rng.usize(..REFERENCES.len())];
        writeln!(
            out,
            "P{i:09},E{i:09},{name},{home},{amount},{currency},{iban},{bic},{wallet},{network},\
             {provider},{handle},{holder},{changed},{pay_date},{phone},{reference} P{i:09}"
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

    #[test]
    fn a_month_repeats_the_last_but_for_one_employee_in_fifty() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_month(&mut a, 1_000, 5, 1, "2026-10-25").unwrap();
        write_month(&mut b, 1_000, 5, 2, "2026-11-25").unwrap();
        let (a, b) = (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        let differ = a
            .lines()
            .zip(b.lines())
            .filter(|(x, y)| x.replace("2026-10-25", "2026-11-25") != *y)
            .count();
        assert!((5..=40).contains(&differ), "{differ} of 1,000 moved");
        let mut c = Vec::new();
        write_month(&mut c, 1_000, 5, 3, "2026-11-25").unwrap();
        let c = String::from_utf8(c).unwrap();
        let back = b.lines().zip(c.lines()).filter(|(x, y)| x != y).count();
        assert!(back <= 40, "who moved stays moved: {back} differ");
    }

    #[test]
    fn every_row_reads_as_a_payout() {
        let mut csv = Vec::new();
        write(&mut csv, 2_000, 3).unwrap();
        let rows: Vec<_> = crate::input::rows(csv.as_slice(), crate::input::InputFormat::Csv)
            .unwrap()
            .collect();
        assert_eq!(rows.len(), 2_000);
        for row in &rows {
            assert!(row.payout.is_ok(), "line {}: {:?}", row.line, row.payout);
        }
        let text = String::from_utf8(csv).unwrap();
        assert!(text.contains("USDT") && text.contains("Дмитрий Иванов"));
    }
}
