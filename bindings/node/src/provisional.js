// Pass 1's provisional results as contract 0.7 sends them: one word per
// payout for a result without findings, and a record for each flagged
// word (the table is `keyed-chunk` in wit/since_v0.7.0/payguard.wit; the
// Rust side reads it in payguard-model's `clean_word`).
import { PluginError } from './errors.js';

/** The word of a payout whose result is a record of `flagged`. */
export const FLAGGED = 0xffffffff;

const DECISIONS = ['allow', 'review', 'block'];
const KINDS = ['bank', 'crypto', 'e-wallet'];

/**
 * Each word's result, as jco gives a `result<assessment, row-error>`:
 * clean words read here, flagged ones taken from `flagged` in order.
 * A word outside the table, or flagged words and records that do not
 * pair up, break the contract.
 */
export function provisionalResults(words, flagged) {
  const expected = words.reduce((n, w) => n + (w === FLAGGED ? 1 : 0), 0);
  if (expected !== flagged.length) {
    throw new PluginError(
      `the plugin broke the contract: ${flagged.length} flagged results for ${expected} flagged payouts`,
    );
  }
  let next = 0;
  return Array.from(words, (word, i) => (word === FLAGGED ? flagged[next++] : clean(word, i)));
}

function clean(word, payout) {
  const decision = DECISIONS[(word >>> 8) & 3];
  const kind = KINDS[(word >>> 10) & 3];
  const first = (word >>> 16) & 0xff;
  const second = word >>> 24;
  const letter = (b) => b >= 0x41 && b <= 0x5a;
  const none = first === 0 && second === 0;
  if (!decision || !kind || ((word >>> 12) & 0xf) !== 0 || !(none || (letter(first) && letter(second)))) {
    throw new PluginError(
      `the plugin broke the contract: the word 0x${word.toString(16).padStart(8, '0')} for payout ${payout} is outside its table`,
    );
  }
  const country = none ? undefined : String.fromCharCode(first, second);
  return { tag: 'ok', val: { score: word & 0xff, decision, findings: [], destination: { kind, country } } };
}
