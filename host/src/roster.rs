//! The cross-employee view the plugin cannot hold itself: which employees
//! share each roster key. Built from pass 1 of every chunk, read in pass 2.

use crate::plugin::v0_2::wit;
use std::collections::{BTreeMap, HashMap};

/// Peer groups name at most this many other employees and payouts.
const MAX_RELATED: usize = 10;

/// Per-key distinct employees. Sorted by id, each with its lowest payout
/// id, so the peers reported do not depend on the payroll's row order.
#[derive(Debug, Default)]
struct Group {
    members: BTreeMap<String, String>,
}

/// Which employees share each roster key.
#[derive(Debug, Default)]
pub struct Roster {
    groups: HashMap<(u8, u64, u64), Group>,
}

fn slot(key: &wit::RosterKey) -> (u8, u64, u64) {
    let kind = match key.kind {
        wit::KeyKind::Destination => 0,
        wit::KeyKind::AccountHolder => 1,
        wit::KeyKind::Phone => 2,
    };
    (kind, key.hi, key.lo)
}

impl Roster {
    /// Records that `employee` was paid by `payout` with `keys`.
    pub fn add(&mut self, employee: &str, payout: &str, keys: &[wit::RosterKey]) {
        for key in keys {
            let group = self.groups.entry(slot(key)).or_default();
            match group.members.get_mut(employee) {
                Some(lowest) if payout < lowest.as_str() => *lowest = payout.to_string(),
                Some(_) => {}
                None => {
                    group
                        .members
                        .insert(employee.to_string(), payout.to_string());
                }
            }
        }
    }

    /// The groups with more than one distinct employee among `keys`, seen
    /// from `employee`.
    pub fn peers(&self, employee: &str, keys: &[wit::RosterKey]) -> Vec<wit::PeerGroup> {
        keys.iter()
            .filter_map(|key| {
                let group = self.groups.get(&slot(key))?;
                if group.members.len() < 2 {
                    return None;
                }
                let others = group
                    .members
                    .iter()
                    .filter(|(e, _)| e.as_str() != employee)
                    .take(MAX_RELATED);
                Some(wit::PeerGroup {
                    kind: key.kind,
                    employee_count: u32::try_from(group.members.len()).unwrap_or(u32::MAX),
                    other_employees: others.clone().map(|(e, _)| e.clone()).collect(),
                    other_payouts: others.map(|(_, p)| p.clone()).collect(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(lo: u64) -> wit::RosterKey {
        wit::RosterKey {
            kind: wit::KeyKind::Destination,
            hi: 0,
            lo,
        }
    }

    #[test]
    fn counts_distinct_employees_per_key() {
        let mut roster = Roster::default();
        roster.add("E1", "P2", &[key(1)]);
        roster.add("E1", "P1", &[key(1)]);
        assert!(
            roster.peers("E1", &[key(1)]).is_empty(),
            "one employee paid twice is not shared"
        );
        roster.add("E2", "P3", &[key(1)]);
        let peers = roster.peers("E1", &[key(1)]);
        assert_eq!(peers[0].employee_count, 2);
        assert_eq!(peers[0].other_employees, ["E2"]);
        assert_eq!(peers[0].other_payouts, ["P3"]);
        assert_eq!(
            roster.peers("E2", &[key(1)])[0].other_payouts,
            ["P1"],
            "the lowest payout id"
        );
    }
}
