// The case corpus (tests/cases/) for the Node package: reads the cases and
// checks results against them as host/src/cases/check.rs and the Python
// package's conformance.py do, so every host is held to the same
// expectations. Results are the NDJSON records every host writes.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CASES = join(ROOT, 'tests', 'cases');

function tomlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tomlFiles(join(dir, e.name)) : e.name.endsWith('.toml') ? [join(dir, e.name)] : []));
}

/** Every case of the corpus, in path order, as [`file: name`, case]. */
export function cases() {
  const paths = tomlFiles(CASES).sort();
  if (paths.length === 0) throw new Error(`no case files under ${CASES}`);
  return paths.flatMap((path) =>
    parse(readFileSync(path, 'utf8')).case.map((c) => [`${relative(ROOT, path)}: ${c.name}`, c]),
  );
}

/** A TOML date (smol-toml's TomlDate) as "YYYY-MM-DD". */
export function day(date) {
  return date?.toISOString().slice(0, 10);
}

function listed(findings) {
  if (findings.length === 0) return 'no findings';
  return findings.map((f) => `${f.rule} ${f.points}${f.waiver ? ' waived' : ''}`).join(', ');
}

function samePoints(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** What in `results` differs from what `c` expects; empty when it passes. */
export function failures(c, results) {
  const out = [];
  const byId = new Map();
  // The first row with an id, as the Rust check finds it.
  for (const r of results) if (!byId.has(r.payout_id)) byId.set(r.payout_id, r);
  for (const [id, expect] of Object.entries(c.expect ?? {})) {
    const row = byId.get(id);
    const fail = (what) => out.push(`${id}: ${what}`);
    if (row === undefined) {
      fail('no such payout among the rows');
      continue;
    }
    if (row.decision === 'rejected') {
      const { field, message } = row.error;
      if (expect.rejected === undefined) {
        fail(`expected a result, got rejected at ${field}: ${message}`);
        continue;
      }
      if (field !== expect.rejected) fail(`expected rejected at ${expect.rejected}, got rejected at ${field}`);
      if (expect.message !== undefined && !message.includes(expect.message)) {
        fail(`expected a rejection saying ${JSON.stringify(expect.message)}, got ${JSON.stringify(message)}`);
      }
      continue;
    }
    const got = `got ${row.decision} ${row.score} (${listed(row.findings)})`;
    if (expect.rejected !== undefined) {
      fail(`expected rejected at ${expect.rejected}, ${got}`);
      continue;
    }
    if (expect.decision !== undefined && expect.decision !== row.decision) fail(`expected decision ${expect.decision}, ${got}`);
    if (expect.score !== undefined && expect.score !== row.score) fail(`expected score ${expect.score}, ${got}`);
    const found = new Map(row.findings.map((f) => [f.rule, f]));
    if (expect.findings !== undefined) {
      const points = Object.fromEntries(row.findings.map((f) => [f.rule, f.points]));
      if (!samePoints(points, expect.findings)) fail(`expected findings ${JSON.stringify(expect.findings)}, ${got}`);
    }
    for (const rule of expect.has ?? []) if (!found.has(rule)) fail(`expected a ${rule} finding, ${got}`);
    for (const rule of expect.lacks ?? []) if (found.has(rule)) fail(`expected no ${rule} finding, ${got}`);
    for (const rule of expect.waived ?? []) {
      if (!found.get(rule)?.waiver) fail(`expected ${rule} waived by the allowlist, ${got}`);
    }
    for (const [key, text] of Object.entries(expect.evidence ?? {})) {
      const slash = key.indexOf('/');
      const [rule, name] = slash < 0 ? [key, ''] : [key.slice(0, slash), key.slice(slash + 1)];
      const values = (found.get(rule)?.evidence ?? []).filter((e) => e.key === name).map((e) => e.value);
      if (values.length === 0) fail(`expected evidence ${key}, ${got}`);
      else if (!values[0].includes(text)) fail(`expected ${key} to contain ${JSON.stringify(text)}, got ${JSON.stringify(values[0])}`);
    }
  }
  return out;
}
