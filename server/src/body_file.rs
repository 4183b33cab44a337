//! A request's body on disk, with no name on Linux: a service killed in the
//! middle of a request (a deploy, the OOM killer) must not leave a payroll,
//! names and bank accounts, behind in the temporary directory. The file is
//! created unlinked (`O_TMPFILE`, by `tempfile::tempfile`) and opened again
//! through its descriptor under `/proc/self/fd`, since the payroll readers
//! open a path for each pass. Elsewhere it is a named file (mode 0600)
//! removed when dropped, as before.

use std::io::{self, Write};
use std::path::Path;

/// A private temporary file that is removed when dropped, or that never
/// had a name.
#[derive(Debug)]
pub struct BodyFile {
    #[cfg(target_os = "linux")]
    file: std::fs::File,
    #[cfg(target_os = "linux")]
    path: std::path::PathBuf,
    #[cfg(not(target_os = "linux"))]
    file: tempfile::NamedTempFile,
}

impl BodyFile {
    /// An empty file in the system's temporary directory.
    #[cfg(target_os = "linux")]
    pub fn new() -> io::Result<BodyFile> {
        use std::os::fd::AsRawFd;
        let file = tempfile::tempfile()?;
        let path = std::path::PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        Ok(BodyFile { file, path })
    }

    /// An empty file in the system's temporary directory.
    #[cfg(not(target_os = "linux"))]
    pub fn new() -> io::Result<BodyFile> {
        let file = tempfile::Builder::new()
            .prefix("payguard-request-")
            .tempfile()?;
        Ok(BodyFile { file })
    }

    /// A path that opens this file again, for as long as it lives.
    pub fn path(&self) -> &Path {
        #[cfg(target_os = "linux")]
        return &self.path;
        #[cfg(not(target_os = "linux"))]
        return self.file.path();
    }
}

impl Write for BodyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_reads_back_by_its_path_each_time() {
        let mut file = BodyFile::new().unwrap();
        file.write_all(b"payout_id,amount\nP-1,10.00\n").unwrap();
        file.flush().unwrap();
        // Each pass opens the path afresh and reads from the start.
        for _ in 0..2 {
            let text = std::fs::read_to_string(file.path()).unwrap();
            assert_eq!(text, "payout_id,amount\nP-1,10.00\n");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_body_has_no_name_on_linux() {
        let file = BodyFile::new().unwrap();
        // The kernel's name for an unlinked file, or one created with
        // O_TMPFILE, ends so.
        let target = std::fs::read_link(file.path()).unwrap();
        assert!(
            target.to_string_lossy().ends_with(" (deleted)"),
            "{}",
            target.display()
        );
    }
}
