//! The bearer tokens a client presents: read once from a private file,
//! held only as SHA-256 digests, compared in constant time.

use sha2::{Digest, Sha256};
use std::path::Path;
use subtle::{Choice, ConstantTimeEq};

/// Tokens shorter than this are refused: they can be guessed.
const MIN_LEN: usize = 16;

/// The accepted tokens, as digests: comparing digests takes the same time
/// whatever the token's length, and a memory dump shows no token.
pub struct Tokens {
    digests: Vec<[u8; 32]>,
}

impl Tokens {
    /// Reads `path`: one token per line; blank lines and lines starting
    /// with `#` are skipped. Refused when the group or others may read it,
    /// when it holds no token, or a token is short or has spaces.
    pub fn read(path: &Path) -> Result<Tokens, String> {
        let name = path.display();
        private(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let mut digests = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let token = line.trim();
            if token.is_empty() || token.starts_with('#') {
                continue;
            }
            if token.len() < MIN_LEN || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!(
                    "{name}:{}: a token is {MIN_LEN} or more characters with no spaces (e.g. `openssl rand -hex 32`)",
                    i + 1
                ));
            }
            digests.push(Sha256::digest(token.as_bytes()).into());
        }
        if digests.is_empty() {
            return Err(format!("{name} holds no token: one per line"));
        }
        Ok(Tokens { digests })
    }

    /// Tokens given directly (for tests and embedders).
    pub fn from_list<S: AsRef<str>>(tokens: &[S]) -> Tokens {
        Tokens {
            digests: tokens
                .iter()
                .map(|t| Sha256::digest(t.as_ref().as_bytes()).into())
                .collect(),
        }
    }

    /// Whether `presented` is one of the tokens: every token is compared,
    /// each in constant time, so the time says nothing of which matched.
    pub fn accepts(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let mut found = Choice::from(0);
        for token in &self.digests {
            found |= token.ct_eq(&digest);
        }
        found.into()
    }
}

/// Refuses a file the group or others may read or write.
fn private(path: &Path) -> Result<(), String> {
    let open = payguard::private_file::open_to_others(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match open {
        Some(mode) => Err(format!(
            "{} can be read by others (mode {mode:o}): its tokens would be everyone's; chmod 600 it",
            path.display()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file(text: &str, mode: u32) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        file
    }

    #[test]
    fn accepts_each_listed_token_and_nothing_else() {
        let f = file(
            "# ops\nabcdefghijklmnop0001\n\nabcdefghijklmnop0002\n",
            0o600,
        );
        let tokens = Tokens::read(f.path()).unwrap();
        assert!(tokens.accepts("abcdefghijklmnop0001"));
        assert!(tokens.accepts("abcdefghijklmnop0002"));
        assert!(!tokens.accepts("abcdefghijklmnop000"));
        assert!(!tokens.accepts(""));
        assert!(!tokens.accepts("# ops"));
    }

    #[test]
    fn refuses_a_file_others_can_read() {
        let f = file("abcdefghijklmnop0001\n", 0o644);
        let error = Tokens::read(f.path()).err().unwrap();
        assert!(
            error.contains("can be read by others (mode 644)"),
            "{error}"
        );
    }

    #[test]
    fn refuses_short_tokens_and_empty_files() {
        let short = file("secret\n", 0o600);
        let error = Tokens::read(short.path()).err().unwrap();
        assert!(error.contains(":1: a token is 16 or more"), "{error}");
        let empty = file("# nothing yet\n", 0o600);
        assert!(
            Tokens::read(empty.path())
                .err()
                .unwrap()
                .contains("holds no token")
        );
    }
}
