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
  for (const group of groups) {
    const employeeCount = group.lowest.size;
    if (employeeCount < 2) continue;
    const lowest = [...group.lowest].sort(([a], [b]) => byteOrder(a, b)).slice(0, MAX_RELATED + 1);
    for (const payout of group.payouts) {
      const own = payouts[payout].employeeId;
      const others = lowest.filter(([employee]) => employee !== own).slice(0, MAX_RELATED);
      const peers = shared.get(payout) ?? [];
      peers.push({
        key: group.key,
        kind: group.key.kind,
        employeeCount,
        otherEmployees: others.map(([employee]) => employee),
        otherPayouts: others.map(([, payout]) => payout),
      });
      shared.set(payout, peers);
    }
  }
  for (const peers of shared.values()) {
    peers.sort(
      (a, b) =>
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        compare(a.key.hi & KEPT_HI, b.key.hi & KEPT_HI) ||
        compare(a.key.lo, b.key.lo),
    );
    for (const p of peers) delete p.key;
  }
  return shared;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
