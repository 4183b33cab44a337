//! Any bytes as a NACHA file: no panic, bounded work, and every transfer
//! starts on a later line than the one before (one entry per record).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payguard::input::bank::{BankFormat, items};

fuzz_target!(|data: &[u8]| {
    let mut last = 0;
    for item in items(data, BankFormat::Nacha) {
        if let Some(t) = item.transfer() {
            assert!(t.line > last, "transfer on line {} after line {last}", t.line);
            last = t.line;
        }
    }
});
