// Contract 0.7's provisional words, on the words the Rust side's
// `clean_word` tests write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginError } from '../src/errors.js';
import { FLAGGED, provisionalResults } from '../src/provisional.js';

const DE = (0x44 << 16) | (0x45 << 24);

test('a clean word reads as the assessment it packs', () => {
  const words = new Uint32Array([DE >>> 0, 42 | (2 << 8) | (2 << 10)]);
  assert.deepEqual(provisionalResults(words, []), [
    { tag: 'ok', val: { score: 0, decision: 'allow', findings: [], destination: { kind: 'bank', country: 'DE' } } },
    { tag: 'ok', val: { score: 42, decision: 'block', findings: [], destination: { kind: 'e-wallet', country: undefined } } },
  ]);
});

test('flagged words take the records in order', () => {
  const first = { tag: 'err', val: { field: 'iban', message: 'no' } };
  const second = { tag: 'ok', val: { score: 70, decision: 'review', findings: [{}] } };
  const results = provisionalResults(new Uint32Array([FLAGGED, 0, FLAGGED]), [first, second]);
  assert.equal(results[0], first);
  assert.equal(results[1].val.decision, 'allow');
  assert.equal(results[2], second);
});

test('a word outside the table or unpaired records break the contract', () => {
  for (const word of [3 << 8, 3 << 10, 1 << 12, 0x44 << 16, (DE | (1 << 31)) >>> 0]) {
    assert.throws(() => provisionalResults(new Uint32Array([word]), []), PluginError, `0x${word.toString(16)}`);
  }
  assert.throws(() => provisionalResults(new Uint32Array([FLAGGED]), []), /0 flagged results for 1 flagged payouts/);
  assert.throws(() => provisionalResults(new Uint32Array([0]), [{}]), /1 flagged results for 0 flagged payouts/);
});
