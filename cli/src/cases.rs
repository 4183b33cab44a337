//! `payguard test`: case files through the plugin.

use crate::print;
use crate::scoring::apply_files;
use payguard::Plugin;
use payguard::output::escape;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs case files through the plugin and says which cases failed and how.
pub fn test_cases(
    plugin: &Plugin,
    path: &Path,
    policy: Option<&Path>,
    verbose: bool,
) -> Result<ExitCode, String> {
    let files = payguard::cases::load(path)?;
    let policies: Vec<PathBuf> = policy.into_iter().map(Path::to_path_buf).collect();
    let (base, _) = apply_files(
        plugin.default_policy().map_err(|e| e.to_string())?,
        &policies,
    )?;
    // Each history case gets a history of its own, removed afterwards.
    let scratch = std::env::temp_dir().join(format!("payguard-cases-{}", std::process::id()));
    let cases = std::cell::Cell::new(0_usize);
    let against = payguard::cases::by_plugin(plugin);
    let history = |case: &payguard::cases::Case| {
        cases.set(cases.get() + 1);
        let dir = scratch.join(cases.get().to_string());
        payguard::cases::run_history(case, &base, &dir, &against)
    };
    let results = payguard::cases::run(
        &files,
        &base,
        |rows, policy| {
            let mut out = Vec::new();
            plugin
                .score(rows, policy, |row| out.push(row))
                .map_err(|e| e.to_string())?;
            Ok(out)
        },
        Some(&history),
    );
    let _ = std::fs::remove_dir_all(&scratch);
    let mut text = String::new();
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    for result in &results {
        let name = format!("{}: {}", result.file.display(), result.name);
        if result.failures.is_empty() {
            if verbose {
                text.push_str(&format!("ok   {}\n", escape(&name)));
            }
            continue;
        }
        text.push_str(&format!("FAIL {}\n", escape(&name)));
        for failure in &result.failures {
            text.push_str(&format!("     {}\n", escape(failure)));
        }
    }
    text.push_str(&format!(
        "{} passed, {failed} failed\n",
        results.len() - failed
    ));
    print(&text)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
