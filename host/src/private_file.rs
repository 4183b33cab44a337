//! Files only their owner may read: the history's secret, a service's
//! bearer tokens.

use std::path::Path;

/// The permission bits of `path` (`0o644`) when its group or others may
/// read or write it; none for a private file, and on systems without Unix
/// modes.
pub fn open_to_others(path: &Path) -> std::io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        Ok((mode & 0o077 != 0).then_some(mode & 0o777))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).map(|_| None)
    }
}
