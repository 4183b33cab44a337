//! `payguard diff --format html`: the moves as a page, with no script at
//! all.

use crate::report::diff::{causes, scores};
use askama::Template;
use payguard::diff::Diff;

/// What the diff page says about the run beside the moves.
#[derive(Debug, Clone)]
pub struct DiffRun<'a> {
    /// The payroll file's name as the user gave it.
    pub source: &'a str,
    pub generated_at: &'a str,
    /// The new and the old policy, as the user named them.
    pub new_policy: &'a str,
    pub old_policy: &'a str,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct Page<'a> {
    source: &'a str,
    generated_at: &'a str,
    new_policy: &'a str,
    old_policy: &'a str,
    csp: String,
    style: &'static str,
    sentence: String,
    policy_changes: &'a [String],
    groups: Vec<(&'static str, &'static str, Vec<Row>)>,
}

struct Row {
    line: u64,
    payout_id: String,
    employee_id: String,
    employee_name: String,
    scores: String,
    causes: Vec<String>,
}

/// The diff as one HTML document.
pub fn render(diff: &Diff, run: &DiffRun<'_>) -> String {
    let groups = diff
        .moves
        .iter()
        .map(|((from, to), moves)| {
            let rows = moves
                .iter()
                .map(|m| Row {
                    line: m.line,
                    payout_id: m.payout_id.clone(),
                    employee_id: m.employee_id.clone().unwrap_or_default(),
                    employee_name: m.employee_name.clone().unwrap_or_default(),
                    scores: scores(m),
                    causes: causes(m),
                })
                .collect();
            (from.name(), to.name(), rows)
        })
        .collect();
    Page {
        source: run.source,
        generated_at: run.generated_at,
        new_policy: run.new_policy,
        old_policy: run.old_policy,
        csp: super::csp(None),
        style: super::STYLE,
        sentence: diff.sentence(),
        policy_changes: &diff.policy_changes,
        groups,
    }
    .render()
    .expect("the diff template renders")
}
