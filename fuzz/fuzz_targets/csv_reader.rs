//! Any bytes as a CSV payroll: no panic, and every row starts on a later
//! line than the one before (each record ends a line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payguard::input::{InputFormat, read_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(payroll) = read_bytes(data, InputFormat::Csv) {
        let mut last = 1;
        for row in &payroll.rows {
            assert!(row.line > last, "row on line {} after line {last}", row.line);
            last = row.line;
        }
    }
});
