// The roster in JavaScript, on the cases host/src/roster.rs tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteOrder, roster } from '../src/roster.js';

/** Payouts as [payout id, employee id, key] and pass 1's keys for them. */
function run(rows) {
  const payouts = rows.map(([payoutId, employeeId]) => ({ payoutId, employeeId }));
  const keys = rows.map(([, , lo], payout) => ({ payout, kind: 'destination', hi: 0n, lo: BigInt(lo) }));
  return roster(payouts, keys);
}

test('counts distinct employees per key, naming the lowest payout id', () => {
  assert.equal(run([['P2', 'E1', 1], ['P1', 'E1', 1], ['P9', 'E3', 7]]).size, 0, 'one employee paid twice is not shared');
  const shared = run([['P2', 'E1', 1], ['P1', 'E1', 1], ['P3', 'E2', 1]]);
  assert.deepEqual(shared.get(0), [{ kind: 'destination', employeeCount: 2, otherEmployees: ['E2'], otherPayouts: ['P3'] }]);
  assert.deepEqual(shared.get(2)[0].otherPayouts, ['P1'], 'the lowest payout id');
});

test('names at most ten others, the lowest ids', () => {
  const rows = Array.from({ length: 15 }, (_, i) => [`P${String(i).padStart(2, '0')}`, `E${String(14 - i).padStart(2, '0')}`, 5]);
  const shared = run(rows);
  const last = shared.get(14);
  assert.equal(last[0].employeeCount, 15);
  assert.equal(last[0].otherEmployees.length, 10);
  assert.equal(last[0].otherEmployees[0], 'E01');
  const first = shared.get(0)[0];
  assert.equal(first.otherEmployees[9], 'E09', 'the ten lowest others');
  assert.equal(first.otherPayouts[0], 'P14', "E00's payout");
});

test('keys differ by kind and by either half of the digest', () => {
  const payouts = [{ payoutId: 'P1', employeeId: 'E1' }, { payoutId: 'P2', employeeId: 'E2' }];
  const key = (payout, kind, hi, lo) => ({ payout, kind, hi, lo });
  assert.equal(roster(payouts, [key(0, 'phone', 1n, 2n), key(1, 'destination', 1n, 2n)]).size, 0);
  assert.equal(roster(payouts, [key(0, 'phone', 1n, 2n), key(1, 'phone', 3n, 2n)]).size, 0);
  const both = roster(payouts, [key(0, 'phone', 1n, 2n), key(0, 'destination', 9n, 9n), key(1, 'phone', 1n, 2n), key(1, 'destination', 9n, 9n)]);
  assert.deepEqual(both.get(1).map((g) => g.kind), ['destination', 'phone'], 'in the Rust host\'s order');
});

test('ids compare in UTF-8 byte order, as the Rust host compares them', () => {
  // U+1F600 is after U+FF5E in UTF-8 and in code points, before it in UTF-16 units.
  assert.ok('😀' < '～', 'UTF-16 order differs');
  assert.ok(byteOrder('😀', '～') > 0);
  assert.ok(byteOrder('E1', 'E10') < 0 && byteOrder('E2', 'E10') > 0 && byteOrder('x', 'x') === 0);
  const shared = run([['P1', '😀', 1], ['P2', '～', 1], ['P3', 'E', 1]]);
  assert.deepEqual(shared.get(2)[0].otherEmployees, ['～', '😀']);
});

test("a holder's groups on several spellings are one group, as the Rust host merges them", () => {
  // E1's and E4's holders have both spellings' keys, E2's one, E3's the other.
  const payouts = ['E1', 'E2', 'E3', 'E4'].map((employeeId, i) => ({ payoutId: `P${i + 1}`, employeeId }));
  const holder = (payout, lo) => ({ payout, kind: 'account-holder', hi: 0n, lo });
  const shared = roster(payouts, [holder(0, 10n), holder(0, 20n), holder(1, 10n), holder(2, 20n), holder(3, 10n), holder(3, 20n)]);
  const seen = (payout) => shared.get(payout).map((g) => [g.employeeCount, g.otherEmployees.join(' ')]);
  assert.deepEqual(seen(0), [[4, 'E2 E3 E4']]);
  assert.deepEqual(seen(3), [[4, 'E1 E2 E3']]);
  assert.deepEqual(seen(1), [[3, 'E1 E4']], 'E2 and E3 share no spelling');
  assert.deepEqual(seen(2), [[3, 'E1 E4']]);
});
