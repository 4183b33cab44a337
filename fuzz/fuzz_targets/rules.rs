//! The rules entry point, natively: any payout, with or without peers, is
//! assessed or rejected, never a panic, and the score stays in 0..=100.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payguard_guest::assess::assess;
use payguard_guest::model::{
    BankAccount, CryptoWallet, Date, Destination, EWallet, KeyKind, Payout, PeerGroup,
};
use payguard_guest::policy::Policy;
use payguard_guest::roster;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Fields separated by the ASCII unit separator; missing ones are absent.
    let f: Vec<&str> = text.split('\u{1f}').collect();
    let get = |i: usize| f.get(i).copied().unwrap_or("").to_string();
    let opt = |i: usize| f.get(i).map(|s| s.to_string());
    let date = |i: usize| {
        let b = get(i).into_bytes();
        (b.len() >= 4).then(|| Date {
            year: u16::from_le_bytes([b[0], b[1]]),
            month: b[2],
            day: b[3],
        })
    };
    let destination = match get(6).len() % 3 {
        0 => Destination::Bank(BankAccount {
            iban: opt(7),
            account_number: opt(8),
            routing_number: opt(9),
            bic: opt(10),
            bank_country: opt(11),
        }),
        1 => Destination::Crypto(CryptoWallet {
            address: get(7),
            network: opt(8),
        }),
        _ => Destination::EWallet(EWallet {
            provider: get(7),
            handle: get(8),
        }),
    };
    let payout = Payout {
        payout_id: get(0),
        employee_id: get(1),
        employee_name: get(2),
        residence_country: get(3),
        amount_minor: get(4).parse().unwrap_or(0),
        currency: get(5),
        destination,
        account_holder: opt(12),
        account_changed_at: date(13),
        pay_date: date(14),
        phone: opt(15),
        ship_to_country: opt(16),
        reference: opt(17),
    };
    let keys = roster::keys(&payout);
    let peers: Vec<PeerGroup> = keys
        .iter()
        .map(|_| PeerGroup {
            kind: KeyKind::Destination,
            employee_count: get(18).len() as u32,
            other_employees: vec![get(19)],
            other_payouts: vec![],
            earlier: vec![],
        })
        .collect();
    if let Ok(assessment) = assess(&payout, &peers, &[], &Policy::default()) {
        assert!(assessment.score <= 100);
        let total: u32 = assessment.findings.iter().map(|f| f.points).sum();
        assert_eq!(u32::from(assessment.score), total.min(100));
    }
});
