// Rows per second of the Node package on a payroll file, by hand (never in
// CI): `node bench.mjs PAYROLL.csv [runs]`. Times scoreFile to records and
// to NDJSON text, and scorePayroll on the file's rows as objects (parsed
// before the clock starts), each the best of `runs` (default 3).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Plugin, toNdjson } from './index.js';

const [path, runs = '3'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bench.mjs PAYROLL.csv [runs]');
  process.exit(2);
}
const plugin = new Plugin();
const rows = parse(readFileSync(path), { columns: true });
const options = { asOf: '2026-12-01' };

function best(what, f) {
  let seconds = Infinity;
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    f();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  const rate = Math.round(rows.length / seconds).toLocaleString('en');
  console.log(`${what.padEnd(34)} ${seconds.toFixed(2)} s  ${rate} rows/s`);
}

console.log(`${rows.length} rows, best of ${runs}`);
best('scoreFile, records', () => plugin.scoreFile(path, options));
best('scoreFile, NDJSON text', () => toNdjson(plugin.scoreFile(path, options)));
best('scorePayroll(array of objects)', () => plugin.scorePayroll(rows, options));
