//! Where output goes: stdout, or the file `-o` names.

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
        self.buffer.extend_from_slice(text.as_bytes());
        if self.buffer.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<(), String> {
        let bytes = std::mem::take(&mut self.buffer);
        if self.closed {
            return Ok(());
        }
        match &mut self.target {
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(&bytes).and_then(|()| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        self.closed = true;
                        Ok(())
                    }
                    Err(e) => Err(format!("cannot write the output: {e}")),
                }
            }
            Target::File(path, out) => out
                .write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
        }
    }
}
