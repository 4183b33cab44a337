// The cross-employee view the plugin cannot hold itself, aggregated in
// JavaScript between the plugin's two passes, as the Rust host's
// `roster.rs` and payguard.spark's Spark SQL aggregate it: per roster key,
// the distinct employees, and the lowest eleven employee ids (by UTF-8
// byte order) each with its lowest payout id. Repeated payout ids are
// already rejected by the reader, so every payout here counts.

/** Peer groups name at most this many other employees and payouts. */
const MAX_RELATED = 10;

const KIND_ORDER = { destination: 0, 'account-holder': 1, phone: 2 };
// The Rust host orders a payout's groups by kind, then by the 94 bits of
// the key it keeps; the same order here gives the plugin the same input.
const KEPT_HI = (1n << 30n) - 1n;

/** `a` before `b` in UTF-8 byte order (code point order; `<` compares UTF-16 units). */
export function byteOrder(a, b) {
  if (a === b) return 0;
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done ? (q.done ? 0 : -1) : 1;
    const d = p.value.codePointAt(0) - q.value.codePointAt(0);
    if (d !== 0) return d;
  }
}

/** A plain comparison for ASCII, the usual id, else code points. */
function before(a, b) {
  return /^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b) ? a < b : byteOrder(a, b) < 0;
}

/**
 * The roster of one payroll.
 * `payouts[i]` is `{ payoutId, employeeId }` of the payroll's i-th payout;
 * `keys` are pass 1's keys, each `{ payout, kind, hi, lo }` with `payout`
 * that index. Returns for each payout index that shares a key with
 * another employee its groups, `{ kind, employeeCount, otherEmployees,
 * otherPayouts }`.
 */
export function roster(payouts, keys) {
  // By the digest's low half (a BigInt, compared by value), then the rest:
  // no string is built per key.
  const byLo = new Map();
  const groups = [];
  for (const key of keys) {
    let same = byLo.get(key.lo);
    if (!same) byLo.set(key.lo, (same = []));
    let group = same.find((g) => g.key.hi === key.hi && g.key.kind === key.kind);
    if (!group) {
      group = { key, payouts: [], lowest: new Map() };
      same.push(group);
      groups.push(group);
    }
    group.payouts.push(key.payout);
    const { payoutId, employeeId } = payouts[key.payout];
    const seen = group.lowest.get(employeeId);
    if (seen === undefined || before(payoutId, seen)) {
      group.lowest.set(employeeId, payoutId);
    }
  }
  const shared = new Map();
  for (const [index, group] of groups.entries()) {
    if (group.lowest.size < 2) continue;
    group.index = index;
    for (const payout of group.payouts) {
      const found = shared.get(payout) ?? [];
      found.push(group);
      shared.set(payout, found);
    }
  }
  const merged = new Map();
  for (const [payout, found] of shared) {
    found.sort(
      (a, b) =>
        KIND_ORDER[a.key.kind] - KIND_ORDER[b.key.kind] ||
        compare(a.key.hi & KEPT_HI, b.key.hi & KEPT_HI) ||
        compare(a.key.lo, b.key.lo),
    );
    const own = payouts[payout].employeeId;
    const peers = [];
    for (const same of byKind(found)) {
      const { employeeCount, lowest } = same.length === 1 ? cut(same[0]) : union(same, merged);
      const others = lowest.filter(([employee]) => employee !== own).slice(0, MAX_RELATED);
      peers.push({
        kind: same[0].key.kind,
        employeeCount,
        otherEmployees: others.map(([employee]) => employee),
        otherPayouts: others.map(([, payout]) => payout),
      });
    }
    shared.set(payout, peers);
  }
  return shared;
}

/** `groups` (in kind order) in runs of one kind. */
function byKind(groups) {
  const runs = [];
  for (const group of groups) {
    const last = runs.at(-1);
    if (last?.[0].key.kind === group.key.kind) last.push(group);
    else runs.push([group]);
  }
  return runs;
}

/** A group's count and lowest eleven (employee, payout) pairs, made once. */
function cut(group) {
  group.cut ??= {
    employeeCount: group.lowest.size,
    lowest: [...group.lowest].sort(([a], [b]) => byteOrder(a, b)).slice(0, MAX_RELATED + 1),
  };
  return group.cut;
}

/**
 * Groups of one kind as one, made once per set of groups (`merged` keeps
 * them): a holder written several ways has a key per spelling, and may
 * meet one employee on one and another on the next, as the Rust host's
 * `Roster::merge_kinds` counts them.
 */
function union(groups, merged) {
  const name = groups.map((g) => g.index).join(',');
  let found = merged.get(name);
  if (!found) {
    const lowest = new Map(groups[0].lowest);
    for (const group of groups.slice(1)) {
      for (const [employee, payoutId] of group.lowest) {
        const seen = lowest.get(employee);
        if (seen === undefined || before(payoutId, seen)) lowest.set(employee, payoutId);
      }
    }
    found = cut({ lowest });
    merged.set(name, found);
  }
  return found;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
