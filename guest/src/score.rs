//! How findings become a score and a decision.
//!
//! The score is the findings' points added up and capped at 100, so every
//! finding counts and two signals together always score at least as high as
//! either alone. The decision compares the score with the policy's
//! thresholds.

use crate::model::{Decision, Finding};
use crate::policy::Policy;

/// The score of a set of findings and the decision it gives.
pub fn score(findings: &[Finding], policy: &Policy) -> (u8, Decision) {
    let total: u32 = findings
        .iter()
        .map(|f| f.points)
        .fold(0, u32::saturating_add);
    let score = total.min(100) as u8;
    let decision = if score >= policy.block_threshold {
        Decision::Block
    } else if score >= policy.review_threshold {
        Decision::Review
    } else {
        Decision::Allow
    };
    (score, decision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::finding;

    #[test]
    fn adds_points_caps_at_100_and_applies_thresholds() {
        let policy = Policy::default();
        assert_eq!(score(&[], &policy), (0, Decision::Allow));
        assert_eq!(score(&[finding("r", 39)], &policy), (39, Decision::Allow));
        assert_eq!(
            score(&[finding("r", 30), finding("r", 10)], &policy),
            (40, Decision::Review)
        );
        assert_eq!(
            score(&[finding("r", 60), finding("r", 50)], &policy),
            (100, Decision::Block)
        );
        assert_eq!(
            score(&[finding("r", u32::MAX), finding("r", 1)], &policy),
            (100, Decision::Block)
        );
    }
}
