//! The installation secret under which a history's keys are digested.
//! Without it a stolen history cannot be matched against a list of IBANs:
//! one bank's account numbers are about 10^10 candidates, so an unkeyed
//! digest would fall to a dictionary.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Bytes of the secret.
const LEN: usize = 32;

/// HMAC-SHA-256, what every digest of the history is made with.
pub(crate) type Hmac = hmac::Hmac<sha2::Sha256>;

/// The secret, read from (or first written to) its file.
#[derive(Clone)]
pub struct Secret {
    /// HMAC keyed with the secret, its pads already compressed: every
    /// digest clones it rather than keying anew, which would compress
    /// the two pads again for each of a run's thousands of digests.
    keyed: Hmac,
    path: PathBuf,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({})", self.path.display())
    }
}

impl Secret {
    /// The secret at `path`, made (32 random bytes, hex, mode 0600) when
    /// the file is missing and `create` is set. A secret file that others
    /// may read is refused: it is what keeps the history private.
    pub fn open(path: &Path, create: bool) -> Result<Secret, String> {
        let shown = path.display();
        if !path.exists() {
            if !create {
                return Err(format!(
                    "the history's secret {shown} is missing: without it the history's keys cannot be matched"
                ));
            }
            write_new(path)
                .map_err(|e| format!("cannot create the history's secret {shown}: {e}"))?;
        }
        check_private(path)?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the history's secret {shown}: {e}"))?;
        let bytes = hex::decode(text.trim())
            .ok()
            .and_then(|b| <[u8; LEN]>::try_from(b).ok())
            .ok_or_else(|| format!("{shown} is not a payguard history secret (64 hex digits)"))?;
        Ok(Secret {
            keyed: <Hmac as hmac::digest::KeyInit>::new_from_slice(&bytes)
                .expect("HMAC takes a key of any length"),
            path: path.to_path_buf(),
        })
    }

    /// A new HMAC under the secret.
    pub(crate) fn mac(&self) -> Hmac {
        self.keyed.clone()
    }

    /// Where it is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn write_new(path: &Path) -> std::io::Result<()> {
    let mut bytes = [0_u8; LEN];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    writeln!(file, "{}", hex::encode(bytes))?;
    file.sync_all()
}

/// Refuses a secret that its group or others may read or write.
fn check_private(path: &Path) -> Result<(), String> {
    let open = crate::private_file::open_to_others(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match open {
        Some(mode) => Err(format!(
            "the history's secret {} may be read by others (mode {mode:o}); run: chmod 600 {}",
            path.display(),
            path.display()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_made_private_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("payguard-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("h.db.key");
        let _ = std::fs::remove_file(&path);
        assert!(Secret::open(&path, false).unwrap_err().contains("missing"));
        let made = Secret::open(&path, true).unwrap();
        let again = Secret::open(&path, true).unwrap();
        let check = |s: &Secret| {
            use hmac::Mac;
            s.mac().chain_update(b"check").finalize().into_bytes()
        };
        assert_eq!(check(&made), check(&again), "made once, then read");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(Secret::open(&path, true).unwrap_err().contains("chmod 600"));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
