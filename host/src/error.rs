//! Errors of the host library.

/// What can go wrong loading or running the plugin.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The component could not be read, compiled or linked.
    #[error("cannot load the plugin: {0}")]
    Load(String),
    /// The plugin trapped, ran past its deadline or outgrew its memory. The
    /// batch failed; the next call gets a fresh instance.
    #[error("the plugin failed while {during}: {reason}")]
    Plugin {
        during: &'static str,
        reason: String,
    },
    /// The plugin refused the policy.
    #[error("the policy was refused at {key}: {message}")]
    Policy { key: String, message: String },
    /// The component's SHA-256 is not the one the caller approved.
    #[error("the plugin's SHA-256 is {actual}, not the expected {expected}")]
    Digest { expected: String, actual: String },
    /// The plugin broke the contract (a result list of the wrong length).
    #[error("the plugin broke the contract: {0}")]
    Contract(String),
    /// The payroll could not be read, or changed between passes.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// The payroll gave another number of rows when read again.
    #[error(
        "the payroll gave {first} rows when first read and {second} when read again: it changed while it was being scored"
    )]
    Changed { first: u64, second: u64 },
    /// The history could not be opened, read or written.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// The payroll has more rows than one run can number (2^32).
    #[error("the payroll has more than {} rows; split it", u32::MAX)]
    TooManyRows,
}

impl Error {
    pub(crate) fn plugin(during: &'static str, err: wasmtime::Error) -> Error {
        let reason = match err.downcast_ref::<wasmtime::Trap>() {
            Some(wasmtime::Trap::Interrupt) => "it ran past its time limit".to_string(),
            Some(trap) => format!("it trapped: {trap}"),
            // The memory limiter and the like: the root cause says what
            // happened; the outer layers are a wasm backtrace.
            None => err.root_cause().to_string(),
        };
        Error::Plugin { during, reason }
    }
}
