//! `payguard diff` for people (a table per move) and programs (JSON).

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use payguard::diff::{Cause, Diff, Move};
use payguard::output::escape;
use serde_json::json;

/// "+25 -> +45 e-money: message", the way a cause reads in a table.
pub fn cause_line(cause: &Cause) -> String {
    let was = if cause.before == 0 {
        "new".to_string()
    } else {
        format!("+{}", cause.before)
    };
    format!(
        "{} {was} -> +{}: {}",
        cause.rule, cause.after, cause.message
    )
}

/// "40 -> 80": the payout's score under each policy ("-" when rejected).
pub fn scores(m: &Move) -> String {
    let score = |s: Option<u8>| s.map_or("-".to_string(), |s| s.to_string());
    format!("{} -> {}", score(m.score_before), score(m.score_after))
}

/// The findings that moved a payout, a line each.
pub fn causes(m: &Move) -> Vec<String> {
    if m.causes.is_empty() {
        return vec!["no finding changed: a threshold moved".into()];
    }
    m.causes.iter().map(cause_line).collect()
}

/// One table per move, then the policy changes and the counts.
pub fn table(diff: &Diff) -> String {
    let mut out = String::new();
    for ((from, to), moves) in &diff.moves {
        out.push_str(&format!(
            "{} -> {} ({})\n",
            from.name(),
            to.name(),
            moves.len()
        ));
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED);
        table.set_header(["line", "payout", "employee", "name", "score", "findings"]);
        for m in moves {
            table.add_row(vec![
                Cell::new(m.line).set_alignment(CellAlignment::Right),
                Cell::new(escape(&m.payout_id)),
                Cell::new(escape(m.employee_id.as_deref().unwrap_or(""))),
                Cell::new(escape(m.employee_name.as_deref().unwrap_or(""))),
                Cell::new(scores(m)).set_alignment(CellAlignment::Right),
                Cell::new(
                    causes(m)
                        .iter()
                        .map(|c| escape(c))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ]);
        }
        out.push_str(&format!("{table}\n\n"));
    }
    if diff.policy_changes.is_empty() {
        out.push_str("policy: no setting differs\n");
    } else {
        out.push_str(&format!(
            "policy: {}\n",
            escape(&diff.policy_changes.join("; "))
        ));
    }
    out.push_str(&diff.sentence());
    out.push('\n');
    out
}

/// One JSON document: the counts, the policy changes and every move.
pub fn json(diff: &Diff) -> String {
    let moves: Vec<_> = diff
        .moves
        .iter()
        .map(|((from, to), moves)| {
            json!({
                "from": from.name(),
                "to": to.name(),
                "payouts": moves.iter().map(|m| json!({
                    "line": m.line,
                    "payout_id": m.payout_id,
                    "employee_id": m.employee_id,
                    "score_before": m.score_before,
                    "score_after": m.score_after,
                    "causes": m.causes.iter().map(|c| json!({
                        "rule": c.rule,
                        "points_before": c.before,
                        "points_after": c.after,
                        "message": c.message,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "summary": {
            "payouts": diff.moved() + diff.unchanged,
            "moved": diff.moved(),
            "unchanged": diff.unchanged,
        },
        "policy_changes": diff.policy_changes,
        "moves": moves,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).expect("JSON values serialise")
    )
}
