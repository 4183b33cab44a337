//! Compiled plugins kept between runs, so the CLI does not run Cranelift on
//! every start. wasmtime's own cache would do this too, but brings zstd (a C
//! build) and a background cleaner; one artifact per plugin needs neither.
//!
//! A compiled artifact is native code that wasmtime loads without checks,
//! so it is only ever read from a directory that the current user owns and
//! nobody else can write, in a file with the same properties; anything else
//! is ignored and the plugin compiled afresh. Its name is the SHA-256 of the
//! engine's compatibility hash and the plugin's own SHA-256, so a changed
//! plugin, wasmtime or engine setting never meets an old artifact.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::Engine;
use wasmtime::component::Component;

/// The component for `bytes`: loaded from `dir` when a trusted artifact is
/// there, else compiled and stored there for next time. Never fails for a
/// cache problem: the cache only saves time.
pub(crate) fn component(
    engine: &Engine,
    bytes: &[u8],
    plugin_sha256: &str,
    dir: &Path,
) -> wasmtime::Result<Component> {
    let path = dir.join(format!("{}.cwasm", key(engine, plugin_sha256)));
    if trusted_dir(dir) && trusted_file(&path) {
        // SAFETY: the file is the user's own, in a directory only the user
        // can write, under a name only this plugin and engine produce.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(component);
        }
    }
    let compiled = engine.precompile_component(bytes)?;
    store(dir, &path, &compiled);
    // SAFETY: `compiled` was produced by this engine a moment ago.
    unsafe { Component::deserialize(engine, &compiled) }
}

/// Where the CLI keeps compiled plugins: `$PAYGUARD_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/payguard`, else `~/.cache/payguard`. An empty
/// `PAYGUARD_CACHE_DIR` turns the cache off.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("PAYGUARD_CACHE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(dir.into()),
        None => std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .map(|d| d.join("payguard")),
    }
}

fn key(engine: &Engine, plugin_sha256: &str) -> String {
    let mut hasher = Sha256Hasher(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut hasher);
    plugin_sha256.hash(&mut hasher);
    hex::encode(hasher.0.finalize())
}

/// Feeds `Hash` into SHA-256: stable across runs and Rust versions, which
/// std's hashers do not promise.
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        unreachable!("only the SHA-256 is read")
    }
}

#[cfg(unix)]
fn owned_and_private(path: &Path, want_dir: bool) -> bool {
    use std::os::unix::fs::MetadataExt;
    // symlink_metadata: a link planted in the cache is not followed.
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    meta.is_dir() == want_dir
        && (want_dir || meta.is_file())
        && meta.uid() == me
        && meta.mode() & 0o022 == 0
}

#[cfg(not(unix))]
fn owned_and_private(_: &Path, _: bool) -> bool {
    // Ownership cannot be checked the same way: no cache.
    false
}

fn trusted_dir(dir: &Path) -> bool {
    owned_and_private(dir, true)
}

fn trusted_file(path: &Path) -> bool {
    owned_and_private(path, false)
}

/// Writes the artifact atomically (a private temporary file, renamed), in
/// a directory created private. Failures are ignored: next run compiles.
fn store(dir: &Path, path: &Path, compiled: &[u8]) {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir);
        if !trusted_dir(dir) {
            return;
        }
        let temp = dir.join(format!(".{}.tmp", std::process::id()));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
            .and_then(|mut f| f.write_all(compiled).and_then(|()| f.sync_all()));
        if written.is_err() || std::fs::rename(&temp, path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, path, compiled);
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn stores_privately_and_ignores_what_others_could_write() {
        let dir = std::env::temp_dir().join(format!("payguard-cache-{}", std::process::id()));
        let engine = Engine::default();
        let bytes = wat::parse_str("(component)").unwrap();
        component(&engine, &bytes, "abc", &dir).unwrap();
        let path = dir.join(format!("{}.cwasm", key(&engine, "abc")));
        assert!(trusted_dir(&dir) && trusted_file(&path), "written private");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_ne!(
            key(&engine, "abc"),
            key(&engine, "abd"),
            "keyed by the plugin"
        );

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(
            !trusted_file(&path),
            "a file others can write is not loaded"
        );
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(
            !trusted_dir(&dir),
            "nor one in a directory others can write"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
