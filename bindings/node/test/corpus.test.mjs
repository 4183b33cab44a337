// Every case of the corpus through the Node package: from the rows as a
// file (the CLI's reader) and from the rows as objects (scorePayroll).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, after } from 'node:test';
import { parse } from 'csv-parse/sync';
import { Plugin } from '../index.js';
import { cases, day, failures } from './conformance.mjs';

const CASES = cases();
const plugin = new Plugin();
const dir = mkdtempSync(join(tmpdir(), 'payguard-corpus-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the corpus is all there', () => {
  assert.ok(CASES.length >= 180, `${CASES.length} cases`);
});

/** The results without line numbers, wherever they appear. */
function same(results) {
  const text = JSON.stringify(results.map(({ line, ...rest }) => rest));
  return text.replace(/line \d+/g, 'line N');
}

CASES.forEach(([name, c], n) => {
  test(name, (t) => {
    const path = join(dir, `case-${n}.csv`);
    writeFileSync(path, c.rows);
    const options = { policy: c.policy, asOf: day(c['as-of']) ?? null };
    if (c.sanctions !== undefined) {
      options.sanctions = join(dir, `case-${n}-sanctions.csv`);
      writeFileSync(options.sanctions, c.sanctions);
    }
    const fromFile = plugin.scoreFile(path, options);
    assert.deepEqual(failures(c, fromFile), []);

    const rows = parse(c.rows.replace(/^\n+/, ''), { columns: true, relax_column_count: true, skip_empty_lines: true });
    const header = Object.keys(rows[0] ?? {});
    if (rows.some((r) => Object.keys(r).length !== header.length)) {
      t.skip("a row with more or fewer cells than the header is the CSV reader's to judge");
      return;
    }
    const fromRows = plugin.scorePayroll(rows, options);
    assert.deepEqual(failures(c, fromRows), []);
    assert.equal(same(fromRows), same(fromFile));
  });
});
