//! Where output goes: stdout, or the file `-o` names.

use payguard::output::FLUSH_AT;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Buffered output. On stdout a closed pipe (`| head`) ends the output
/// quietly rather than with a panic or an error; a file that cannot be
/// written is an error naming it.
pub struct Output {
    target: Target,
    closed: bool,
    buffer: Vec<u8>,
}

enum Target {
    Stdout,
    File(PathBuf, BufWriter<File>),
}

impl Output {
    /// Output to stdout.
    pub fn stdout() -> Output {
        Output {
            target: Target::Stdout,
            closed: false,
            buffer: Vec::new(),
        }
    }

    /// Output to `path` when given, else stdout.
    pub fn to(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::stdout());
        };
        let file =
            File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Output {
            target: Target::File(path.into(), BufWriter::new(file)),
            closed: false,
            buffer: Vec::new(),
        })
    }

    /// Whether the output goes to stdout.
    pub fn is_stdout(&self) -> bool {
        matches!(self.target, Target::Stdout)
    }

    pub fn write(&mut self, text: &str) -> Result<(), String> {
        self.write_with(|buffer| buffer.extend_from_slice(text.as_bytes()))
    }

    /// Lets `render` append to the output's buffer (a row rendered in
    /// place, with no string of its own), then flushes a full buffer.
    pub fn write_with<T>(&mut self, render: impl FnOnce(&mut Vec<u8>) -> T) -> Result<T, String> {
        let rendered = render(&mut self.buffer);
        if self.buffer.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(rendered)
    }

    pub fn flush(&mut self) -> Result<(), String> {
        // Emptied, not replaced: the buffer keeps its capacity rather
        // than growing again from nothing after every flush.
        let result = self.write_out();
        self.buffer.clear();
        result
    }

    fn write_out(&mut self) -> Result<(), String> {
        let bytes = &self.buffer;
        if self.closed {
            return Ok(());
        }
        match &mut self.target {
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(bytes).and_then(|()| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        self.closed = true;
                        Ok(())
                    }
                    Err(e) => Err(format!("cannot write the output: {e}")),
                }
            }
            Target::File(path, out) => out
                .write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
        }
    }
}
