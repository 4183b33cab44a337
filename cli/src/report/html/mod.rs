//! The reviewer's report: one self-contained HTML page that opens offline
//! and can be attached to a ticket. Every text from the payroll or the
//! plugin is untrusted: the templates escape all of it, the page's script
//! only ever sets `textContent`, and a Content-Security-Policy lets only
//! the page's own style and script (by hash) run.

mod cluster;
mod diff_page;
mod view;

pub use diff_page::{DiffRun, render as render_diff};

use askama::Template;
use base64::Engine;
use payguard::model::{PluginInfo, Policy};
use payguard::output::Report;
use sha2::{Digest, Sha256};

/// What the report says about the run beside the results.
#[derive(Debug, Clone)]
pub struct RunInfo<'a> {
    /// The payroll file's name as the user gave it.
    pub source: &'a str,
    /// When the run happened (shown as given).
    pub generated_at: &'a str,
    /// The plugin's SHA-256.
    pub sha256: &'a str,
    pub plugin: &'a PluginInfo,
    /// The policy in force.
    pub policy: &'a Policy,
    /// The plugin's default policy, to say what the policy in force changed.
    pub default_policy: &'a Policy,
    /// Whether the source is a bank payment file: the page then says how
    /// its integrity checks went and which entries are not payouts.
    pub bank_file: bool,
    /// The history the run was judged against ("history h.db (payroll
    /// acme): 2 runs held before; recorded"), if any.
    pub history: Option<String>,
    /// Cards on the page at most: past it, the highest-scored are shown
    /// and the page says how many more there are and how to get them.
    pub max_cards: usize,
}

/// The page's own style and script; their hashes go in the page's CSP.
pub(crate) const STYLE: &str = include_str!("../../../templates/report.css");
const SCRIPT: &str = include_str!("../../../templates/report.js");

/// `'sha256-…'` of `text`, as a CSP source.
pub(crate) fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy: nothing loads from anywhere, only the page's own style and
/// (when `script`) script run, forms post nowhere.
pub(crate) fn csp(script: Option<&str>) -> String {
    let script = script.map_or("'none'".to_string(), csp_hash);
    format!(
        "default-src 'none'; style-src {}; script-src {script}; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        csp_hash(STYLE)
    )
}

/// The report of `report` as one HTML document.
pub fn render(report: &Report, run: &RunInfo<'_>) -> String {
    let page = view::Page::new(report, run, SCRIPT, csp(Some(SCRIPT)));
    page.render().expect("the report template renders")
}

#[cfg(test)]
mod tests;
