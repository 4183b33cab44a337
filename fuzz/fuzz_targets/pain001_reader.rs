//! Any bytes as a pain.001 file: no panic, bounded work, and transfers in
//! file order (two may share a line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payguard::input::bank::{BankFormat, items};

fuzz_target!(|data: &[u8]| {
    let mut last = 0;
    for item in items(data, BankFormat::Pain001) {
        if let Some(t) = item.transfer() {
            assert!(t.line >= last, "transfer on line {} after line {last}", t.line);
            last = t.line;
        }
    }
});
