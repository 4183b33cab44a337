//! A request's body on disk, with no name on Linux: a service killed in the
//! middle of a request (a deploy, the OOM killer) must not leave a payroll,
//! names and bank accounts, behind in the temporary directory. The file is
//! created unlinked (`O_TMPFILE`, by `tempfile::tempfile`) and opened again
//! through its descriptor under `/proc/self/fd`, since the payroll readers
//! open a path for each pass. Elsewhere, and on a Linux without `/proc`
//! mounted, it is a named file (mode 0600) removed when dropped.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A private temporary file that is removed when dropped, or that never
/// had a name.
#[derive(Debug)]
pub enum BodyFile {
    /// Unlinked from the start, opened again by its descriptor's path.
    Unnamed { file: std::fs::File, path: PathBuf },
    /// Named, removed when dropped.
    Named(tempfile::NamedTempFile),
}

impl BodyFile {
    /// An empty file in the system's temporary directory, without a name
    /// where the system allows it.
    pub fn new() -> io::Result<BodyFile> {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let file = tempfile::tempfile()?;
            let path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
            // A container may run without /proc: then the file needs a name.
            if path.exists() {
                return Ok(BodyFile::Unnamed { file, path });
            }
        }
        BodyFile::named()
    }

    /// An empty named file in the system's temporary directory.
    pub fn named() -> io::Result<BodyFile> {
        let file = tempfile::Builder::new()
            .prefix("payguard-request-")
            .tempfile()?;
        Ok(BodyFile::Named(file))
    }

    /// A path that opens this file again, for as long as it lives.
    pub fn path(&self) -> &Path {
        match self {
            BodyFile::Unnamed { path, .. } => path,
            BodyFile::Named(file) => file.path(),
        }
    }

    fn file(&mut self) -> &mut std::fs::File {
        match self {
            BodyFile::Unnamed { file, .. } => file,
            BodyFile::Named(file) => file.as_file_mut(),
        }
    }
}

impl Write for BodyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_reads_back_by_its_path_each_time_named_or_not() {
        for mut file in [BodyFile::new().unwrap(), BodyFile::named().unwrap()] {
            file.write_all(b"payout_id,amount\nP-1,10.00\n").unwrap();
            file.flush().unwrap();
            // Each pass opens the path afresh and reads from the start.
            for _ in 0..2 {
                let text = std::fs::read_to_string(file.path()).unwrap();
                assert_eq!(text, "payout_id,amount\nP-1,10.00\n");
            }
        }
    }

    #[test]
    fn a_named_body_is_removed_when_dropped() {
        let file = BodyFile::named().unwrap();
        let path = file.path().to_path_buf();
        assert!(path.exists());
        drop(file);
        assert!(!path.exists(), "{}", path.display());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_body_has_no_name_on_linux() {
        let file = BodyFile::new().unwrap();
        assert!(matches!(file, BodyFile::Unnamed { .. }), "{file:?}");
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
