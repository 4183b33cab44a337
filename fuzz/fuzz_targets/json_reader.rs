//! Any bytes as a JSON array or as NDJSON: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payguard::input::{InputFormat, read_bytes};

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes(data, InputFormat::Json);
    if let Ok(payroll) = read_bytes(data, InputFormat::Ndjson) {
        assert!(payroll.rows.iter().all(|r| r.line >= 1));
    }
});
