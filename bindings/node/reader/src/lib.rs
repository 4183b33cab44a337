//! Payroll and policy files read exactly as the payguard CLI reads them
//! (the host library's own readers), compiled to a WebAssembly component
//! that imports nothing, for the Node package: JavaScript then only does
//! the roster and calls the plugin. One reader for every host, so the Node
//! package cannot drift from the CLI on what a row means.

#[cfg(target_arch = "wasm32")]
mod glue;
