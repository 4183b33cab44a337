//! What a policy change would change, before it is made: the same payroll
//! scored under two policies, and the payouts whose decision moves,
//! grouped by the move, each with the findings that moved it.

use crate::model::Finding;
use crate::output::{Report, ReportRow, Verdict};
use std::collections::BTreeMap;

/// One finding's points under each policy (0 where it did not fire or
/// was allowlisted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub rule: String,
    pub before: u32,
    pub after: u32,
    /// The finding's message under the new policy, else the old.
    pub message: String,
}

/// One payout whose decision moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub line: u64,
    pub payout_id: String,
    pub employee_id: Option<String>,
    pub employee_name: Option<String>,
    pub score_before: Option<u8>,
    pub score_after: Option<u8>,
    /// The findings whose points differ; empty when only a threshold moved.
    pub causes: Vec<Cause>,
}

/// The moves, grouped by (before, after), in that order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub moves: BTreeMap<(Verdict, Verdict), Vec<Move>>,
    /// Rows whose decision did not move.
    pub unchanged: usize,
    /// The policy settings that differ, in words.
    pub policy_changes: Vec<String>,
}

impl Diff {
    /// How many payouts moved.
    pub fn moved(&self) -> usize {
        self.moves.values().map(Vec::len).sum()
    }

    /// "15 payouts: 3 moved (2 allow -> review, 1 review -> block), 12
    /// unchanged".
    pub fn sentence(&self) -> String {
        let groups: Vec<String> = self
            .moves
            .iter()
            .map(|((from, to), moves)| format!("{} {} -> {}", moves.len(), from.name(), to.name()))
            .collect();
        let detail = if groups.is_empty() {
            String::new()
        } else {
            format!(" ({})", groups.join(", "))
        };
        format!(
            "{} payouts: {} moved{detail}, {} unchanged",
            self.moved() + self.unchanged,
            self.moved(),
            self.unchanged
        )
    }
}

/// Compares two reports of the same payroll, row by row.
pub fn compare(before: &Report, after: &Report) -> Result<Diff, String> {
    if before.rows.len() != after.rows.len() {
        return Err(format!(
            "the runs read {} and {} rows: the file changed between them",
            before.rows.len(),
            after.rows.len()
        ));
    }
    let mut diff = Diff::default();
    for (old, new) in before.rows.iter().zip(&after.rows) {
        if old.payout_id != new.payout_id || old.line != new.line {
            return Err(format!(
                "line {}: the runs read different rows: the file changed between them",
                new.line
            ));
        }
        let (from, to) = (old.verdict(), new.verdict());
        if from == to {
            diff.unchanged += 1;
            continue;
        }
        let score = |row: &ReportRow| row.outcome.as_ref().ok().map(|a| a.score);
        diff.moves.entry((from, to)).or_default().push(Move {
            line: new.line,
            payout_id: new.payout_id.clone(),
            employee_id: new.employee_id.clone(),
            employee_name: new.employee_name.clone(),
            score_before: score(old),
            score_after: score(new),
            causes: causes(findings(old), findings(new)),
        });
    }
    Ok(diff)
}

fn findings(row: &ReportRow) -> &[Finding] {
    row.outcome.as_ref().map_or(&[], |a| &a.findings)
}

/// The rules whose points differ between the two runs, new findings and
/// those that went away included.
fn causes(before: &[Finding], after: &[Finding]) -> Vec<Cause> {
    let mut out: Vec<Cause> = Vec::new();
    for f in after {
        let old = before
            .iter()
            .find(|o| o.rule == f.rule)
            .map_or(0, |o| o.points);
        if old != f.points {
            out.push(Cause {
                rule: f.rule.to_string(),
                before: old,
                after: f.points,
                message: f.message.clone(),
            });
        }
    }
    for f in before {
        if f.points > 0 && !after.iter().any(|n| n.rule == f.rule) {
            out.push(Cause {
                rule: f.rule.to_string(),
                before: f.points,
                after: 0,
                message: f.message.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assessment, Category, Decision, Severity};

    fn row(line: u64, decision: Decision, findings: &[(&'static str, u32)]) -> ReportRow {
        ReportRow {
            line,
            payout_id: format!("P{line}"),
            employee_id: Some(format!("E{line}")),
            employee_name: None,
            payout: None,
            outcome: Ok(Assessment {
                payout_id: format!("P{line}"),
                score: findings.iter().map(|(_, p)| *p as u8).sum(),
                decision,
                findings: findings
                    .iter()
                    .map(|(rule, points)| Finding {
                        rule: (*rule).into(),
                        category: Category::EMoney,
                        severity: Severity::Medium,
                        points: *points,
                        message: format!("{rule} fired"),
                        evidence: vec![],
                        related_payouts: vec![],
                        related_employees: vec![],
                        waiver: None,
                    })
                    .collect(),
                destination: None,
            }),
        }
    }

    #[test]
    fn groups_the_moves_with_the_findings_behind_them() {
        let before = Report {
            rows: vec![
                row(2, Decision::Allow, &[("e-money", 25)]),
                row(3, Decision::Review, &[("crypto-in-text", 50)]),
                row(4, Decision::Allow, &[]),
            ],
            notes: vec![],
            ..Report::default()
        };
        let after = Report {
            rows: vec![
                row(2, Decision::Review, &[("e-money", 45)]),
                row(3, Decision::Allow, &[]),
                row(4, Decision::Allow, &[]),
            ],
            notes: vec![],
            ..Report::default()
        };
        let diff = compare(&before, &after).unwrap();
        assert_eq!(diff.unchanged, 1);
        let up = &diff.moves[&(Verdict::Allow, Verdict::Review)];
        assert_eq!(up[0].payout_id, "P2");
        assert_eq!(
            up[0].causes,
            [Cause {
                rule: "e-money".into(),
                before: 25,
                after: 45,
                message: "e-money fired".into()
            }]
        );
        let down = &diff.moves[&(Verdict::Review, Verdict::Allow)];
        assert_eq!(down[0].causes[0].after, 0);
        assert_eq!(
            diff.sentence(),
            "3 payouts: 2 moved (1 allow -> review, 1 review -> allow), 1 unchanged"
        );
    }

    #[test]
    fn refuses_runs_of_different_files() {
        let one = Report {
            rows: vec![row(2, Decision::Allow, &[])],
            notes: vec![],
            ..Report::default()
        };
        assert!(compare(&one, &Report::default()).is_err());
    }
}
