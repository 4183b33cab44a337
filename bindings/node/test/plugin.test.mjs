// The Node package as a user meets it: the quick start, rows in memory,
// policies, each error, and the CLI's exact bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, after } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as payguard from '../index.js';
import { Plugin, scoreFile, scorePayroll, toNdjson } from '../index.js';
import { PAYOUT_WORDS } from '../src/components.js';
import { ROOT } from './conformance.mjs';

const EXAMPLE = join(ROOT, 'examples', 'payroll.csv');
const plugin = new Plugin();
const dir = mkdtempSync(join(tmpdir(), 'payguard-node-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the quick start scores the example', () => {
  const results = scoreFile(EXAMPLE);
  assert.equal(results.length, 15);
  const [first] = results;
  assert.deepEqual([first.line, first.payout_id, first.decision, first.score], [2, 'P-1001', 'allow', 0]);
  const count = (d) => results.filter((r) => r.decision === d).length;
  assert.deepEqual([count('allow'), count('review'), count('block')], [5, 6, 4]);
});

test('info and rules', () => {
  assert.equal(plugin.info().contract, 'payguard:risk@0.7.0');
  assert.match(plugin.sha256, /^[0-9a-f]{64}$/);
  const ids = plugin.rules().map((r) => r.id);
  assert.ok(ids.includes('shared-destination') && ids.includes('crypto-destination'));
});

/** The CLI `cargo test` built, or the one PAYGUARD_CLI names. */
function cli() {
  const named = process.env.PAYGUARD_CLI;
  const candidates = named ? [named] : ['debug', 'release'].map((p) => join(ROOT, 'target', p, 'payguard'));
  const found = candidates.find((p) => existsSync(p));
  assert.ok(found, `no payguard CLI at ${candidates}: run \`cargo build -p payguard-cli\` first`);
  return found;
}

/** The CLI's NDJSON for `args` (it exits 1 or 2 when payouts are flagged or rejected). */
function cliNdjson(args) {
  try {
    return execFileSync(cli(), ['score', ...args, '--format', 'ndjson', '--quiet'], { encoding: 'utf8' });
  } catch (e) {
    assert.ok([1, 2].includes(e.status), e.stderr);
    return e.stdout;
  }
}

/** `ours` equals `theirs`, else the first differing line. */
function sameLines(ours, theirs) {
  if (ours === theirs) return;
  const [a, b] = [ours.split('\n'), theirs.split('\n')];
  const n = a.findIndex((line, i) => line !== b[i]);
  assert.fail(`NDJSON line ${n + 1} differs:\n  node: ${a[n]}\n  CLI:  ${b[n]}`);
}

test('a file saved in UTF-16 scores as its UTF-8 original', () => {
  // Excel's "Unicode Text": UTF-16LE with its byte order mark, split by tabs.
  const text = readFileSync(EXAMPLE, 'utf8');
  assert.ok(!text.includes('"'), 'no quoted commas to keep from tabs');
  const path = join(dir, 'payroll.txt');
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(',', '\t'), 'utf16le')]));
  const day = '2026-12-01';
  assert.equal(toNdjson(plugin.scoreFile(path, { asOf: day })), toNdjson(plugin.scoreFile(EXAMPLE, { asOf: day })));
});

test('a file in a Windows code page scores with its encoding named', () => {
  // Excel's "CSV (Comma delimited)" saves in the Windows code page.
  const text = readFileSync(EXAMPLE, 'utf8').replace('Emma Johansson', 'Emma Jönsson');
  const original = join(dir, 'original.csv');
  const saved = join(dir, 'cp1252.csv');
  writeFileSync(original, text);
  // Latin-1 and Windows-1252 agree on every letter of the example.
  writeFileSync(saved, Buffer.from(text, 'latin1'));
  const day = '2026-12-01';
  const unread = plugin.scoreFile(saved, { asOf: day }).filter((r) => r.decision === 'rejected');
  assert.deepEqual(unread.map((r) => r.error.field), ['employee_name']);
  assert.equal(toNdjson(plugin.scoreFile(saved, { asOf: day, encoding: 'windows-1252' })), toNdjson(plugin.scoreFile(original, { asOf: day })));
  assert.throws(() => plugin.scoreFile(saved, { encoding: 'nonesuch' }), { name: 'InputError', message: /is not an encoding/ });
  // With a roster, the encoding is the roster's: the bank file is read as its format says.
  const roster = join(ROOT, 'examples', 'roster.csv');
  const rosterSaved = join(dir, 'roster-cp1252.csv');
  writeFileSync(rosterSaved, Buffer.from(readFileSync(roster, 'utf8').replace('Emma Johansson', 'Emma Jönsson'), 'latin1'));
  const ach = join(ROOT, 'examples', 'payroll.ach');
  assert.throws(() => plugin.scoreFile(ach, { roster: rosterSaved, asOf: day }), {
    name: 'InputError',
    message: /line \d+: is not valid UTF-8/,
  });
  sameLines(
    toNdjson(plugin.scoreFile(ach, { roster: rosterSaved, asOf: day, encoding: 'windows-1252' })),
    cliNdjson([ach, '--roster', rosterSaved, '--encoding', 'windows-1252', '--as-of', day]),
  );
});

test('a file in its own layout scores with its column mapping, as the CLI\'s --columns', () => {
  // Wise's batch template names its columns its own way.
  const exports = join(ROOT, 'tests', 'fixtures', 'exports');
  const [payroll, columns] = [join(exports, 'wise-batch.csv'), join(exports, 'wise-batch.columns.toml')];
  const day = '2026-12-01';
  assert.throws(() => plugin.scoreFile(payroll, { asOf: day }), { name: 'InputError', message: /not a payroll/ });
  sameLines(toNdjson(plugin.scoreFile(payroll, { asOf: day, columns })), cliNdjson([payroll, '--columns', columns, '--as-of', day]));
  assert.throws(() => plugin.scoreFile(payroll, { columns: join(exports, 'nonesuch.toml') }), { name: 'InputError', message: /nonesuch\.toml/ });
});

test('with a roster the column mapping is the roster\'s: an HR system\'s export joins a bank file', () => {
  const exports = join(ROOT, 'tests', 'fixtures', 'exports');
  const [roster, columns] = [join(exports, 'hr-roster.csv'), join(exports, 'hr-roster.columns.toml')];
  const ach = join(ROOT, 'examples', 'payroll.ach');
  const day = '2026-12-01';
  assert.throws(() => plugin.scoreFile(ach, { roster, asOf: day }), { name: 'InputError', message: /dates = "day-first"/ });
  const ours = toNdjson(plugin.scoreFile(ach, { roster, columns, asOf: day }));
  sameLines(ours, toNdjson(plugin.scoreFile(ach, { roster: join(ROOT, 'examples', 'roster.csv'), asOf: day })));
  sameLines(ours, cliNdjson([ach, '--roster', roster, '--columns', columns, '--as-of', day]));
});

test('bank files joined to a roster give the CLI\'s NDJSON, notes and file findings included', () => {
  const day = '2026-11-22';
  const roster = join(ROOT, 'examples', 'roster.csv');
  for (const file of ['payroll.pain001.xml', 'payroll.ach']) {
    const path = join(ROOT, 'examples', file);
    const ours = plugin.scoreFile(path, { roster, asOf: day });
    assert.ok(ours.some((r) => r.kind === 'skipped' || r.kind === 'file-check') || file.endsWith('.xml'), file);
    assert.ok(ours.some((r) => r.findings?.some((f) => f.rule.startsWith('file-'))), `${file}: no file finding`);
    sameLines(toNdjson(ours), cliNdjson([path, '--roster', roster, '--as-of', day]));
  }
  const byName = plugin.scoreFile(join(ROOT, 'examples', 'payroll.pain001.xml'), { roster, joinOn: 'name', asOf: day });
  sameLines(toNdjson(byName), cliNdjson([join(ROOT, 'examples', 'payroll.pain001.xml'), '--roster', roster, '--join-on', 'name', '--as-of', day]));
  assert.throws(() => plugin.scoreFile(join(ROOT, 'examples', 'payroll.ach'), { roster, joinOn: 'iban' }), {
    name: 'InputError',
    message: /joinOn must be one of individual-id, creditor-id, end-to-end-id, name, not "iban"/,
  });
  assert.throws(() => plugin.scoreFile(EXAMPLE, { roster }), { name: 'InputError', message: /not a bank payment file/ });
  assert.throws(() => plugin.scoreFile(join(ROOT, 'examples', 'payroll.ach')), { name: 'InputError', message: /roster/ });
});

test('a sanctions list is added to the built-in one, as the CLI\'s --sanctions', () => {
  const sanctions = join(ROOT, 'tests', 'fixtures', 'sanctions.csv');
  const payroll = join(dir, 'sanctioned.csv');
  writeFileSync(
    payroll,
    'payout_id,employee_id,employee_name,residence_country,amount,currency,wallet_address,wallet_network\n' +
      'S-1,E-1,Jin Hyok Pak,US,100.00,USDT,0x1111111111111111111111111111111111111111,ERC20\n' +
      'S-2,E-2,Anna Schmidt,DE,100.00,EUR,,\n',
  );
  const without = plugin.scoreFile(payroll, { asOf: '2026-12-01' });
  const withList = plugin.scoreFile(payroll, { asOf: '2026-12-01', sanctions });
  assert.ok(!without[0].findings?.some((f) => f.rule === 'sanctioned'));
  assert.ok(withList[0].findings.some((f) => f.rule === 'sanctioned'), JSON.stringify(withList[0]));
  sameLines(toNdjson(withList), cliNdjson([payroll, '--sanctions', sanctions, '--as-of', '2026-12-01']));
  assert.throws(() => plugin.scoreFile(payroll, { sanctions: join(dir, 'missing.csv') }), { name: 'InputError' });
});

test('NDJSON is byte for byte the CLI\'s', () => {
  const day = '2026-12-01';
  const ours = toNdjson(plugin.scoreFile(EXAMPLE, { asOf: day }));
  let theirs;
  try {
    execFileSync(cli(), ['score', EXAMPLE, '--format', 'ndjson', '--as-of', day, '--quiet'], { encoding: 'utf8' });
    assert.fail('the CLI exits 1 when payouts are flagged');
  } catch (e) {
    assert.equal(e.status, 1, e.stderr);
    theirs = e.stdout;
  }
  if (ours !== theirs) {
    const [a, b] = [ours.split('\n'), theirs.split('\n')];
    const n = a.findIndex((line, i) => line !== b[i]);
    assert.fail(`NDJSON line ${n + 1} differs:\n  node: ${a[n]}\n  CLI:  ${b[n]}`);
  }
});

test('the plugin is the very component the CLI embeds', () => {
  const info = JSON.parse(execFileSync(cli(), ['info'], { encoding: 'utf8' }));
  assert.equal(plugin.sha256, info.sha256);
  assert.equal(plugin.info().version, info.version);
});

test('rows in memory give the file\'s results, at any chunk size', () => {
  const fromFile = plugin.scoreFile(EXAMPLE, { asOf: null });
  const rows = parse(readFileSync(EXAMPLE), { columns: true });
  const fromRows = scorePayroll(rows, { asOf: null });
  assert.deepEqual(fromRows.map((r) => r.line), [...Array(15).keys()].map((i) => i + 1));
  assert.deepEqual(fromRows.map(({ line, ...r }) => r), fromFile.map(({ line, ...r }) => r));
  for (const chunkSize of [1, 7]) {
    assert.deepEqual(new Plugin({ chunkSize }).scoreFile(EXAMPLE, { asOf: null }), fromFile, `chunkSize ${chunkSize}`);
  }
  assert.ok(fromFile.some((r) => r.findings?.some((f) => f.rule === 'shared-destination')), 'the example shares accounts');
});

const anna = {
  payout_id: 'P1',
  employee_id: 'E1',
  employee_name: 'Anna Schmidt',
  residence_country: 'DE',
  amount: '4500.50',
  currency: 'EUR',
  iban: 'DE89370400440532013000',
};

test('numbers and empty cells in rows are read as the CSV reader reads them', () => {
  const [a, b, c] = plugin.scorePayroll([
    { ...anna, amount: 4500.5 },
    { ...anna, payout_id: 'P2', employee_id: 'E2', amount: null },
    { ...anna, payout_id: 'P3', employee_id: 'E3', currency: 'EURO' },
  ]);
  assert.equal(a.decision, 'allow');
  assert.deepEqual([b.decision, b.error.field], ['rejected', 'amount']);
  assert.deepEqual([c.decision, c.error.field, c.line], ['rejected', 'currency', 3]);
});

test('a repeated payout id is a rejected row naming the first', () => {
  const [, again] = plugin.scorePayroll([anna, { ...anna, employee_id: 'E2' }]);
  assert.deepEqual(again.error, { field: 'payout_id', message: 'duplicates the payout_id of line 1' });
});

test('a policy as an object, a file or both', () => {
  const strict = { 'review-threshold': 5, 'block-threshold': 10 };
  const results = plugin.scoreFile(EXAMPLE, { policy: strict });
  assert.ok(results.filter((r) => r.decision === 'allow').length < 5);
  const path = join(dir, 'policy.toml');
  writeFileSync(path, 'review-threshold = 5\nblock-threshold = 10\n');
  assert.deepEqual(plugin.scoreFile(EXAMPLE, { policy: path }), results);
  const allow = { allow: [{ employee: 'E-004', reason: 'reviewed', expires: new Date('2099-01-01') }] };
  const waived = plugin.scoreFile(EXAMPLE, { policy: [path, allow] });
  const e4 = waived.filter((r) => r.employee_id === 'E-004');
  assert.ok(e4.length && e4.every((r) => r.findings.every((f) => f.waiver)));
});

test('errors are typed and say where', () => {
  assert.throws(() => plugin.scoreFile(EXAMPLE, { policy: { 'review-threshold': 'high' } }), {
    name: 'PolicyError',
    message: /policy\[0\] \(object\) line 1/,
  });
  const bad = join(dir, 'bad.toml');
  writeFileSync(bad, '[rules]\nno-such-rule = { weight = 5 }\n');
  assert.throws(() => plugin.scoreFile(EXAMPLE, { policy: bad }), { name: 'PolicyError', message: /bad\.toml/ });
  const refused = join(dir, 'refused.toml');
  writeFileSync(refused, 'review-threshold = 90\nblock-threshold = 50\n');
  assert.throws(() => plugin.scoreFile(EXAMPLE, { policy: refused }), { name: 'PolicyError', message: /refused\.toml line \d/ });
  assert.throws(() => plugin.scoreFile(join(dir, 'missing.csv')), { name: 'InputError', message: /missing\.csv/ });
  const notJson = join(dir, 'rows.json');
  writeFileSync(notJson, '{"payout_id": "P1"}');
  assert.throws(() => plugin.scoreFile(notJson), { name: 'InputError', message: /rows\.json/ });
  const ach = join(ROOT, 'tests', 'fixtures', 'bank', 'achkit_payroll.ach');
  assert.throws(() => plugin.scoreFile(ach), { name: 'InputError', message: /NACHA bank file.*CLI or the Python package/ });
  assert.throws(() => plugin.scoreFile(EXAMPLE, { asOf: '2026-02-30' }), { name: 'InputError' });
  assert.throws(() => plugin.scorePayroll('P1,E1'), { name: 'InputError' });
  assert.throws(() => new Plugin({ chunkSize: 0 }), { name: 'InputError' });
  assert.throws(() => new Plugin({ expectSha256: '0'.repeat(64) }), { name: 'LoadError', message: /SHA-256 is [0-9a-f]{64}, not the expected 0{64}/ });
  assert.equal(new Plugin({ expectSha256: plugin.sha256.toUpperCase() }).chunkSize, 4096);
  for (const name of ['LoadError', 'PolicyError', 'InputError', 'PluginError']) {
    assert.ok(new payguard[name]('x') instanceof payguard.PayguardError, name);
  }
});

/** The plugin's interface with `Scorer.create` giving `scorer` instead. */
function withScorer(p, scorer) {
  return { ...p.scoring, Scorer: { create: () => ({ ...scorer, [Symbol.dispose]() {} }) } };
}

test('a trap is a PluginError, and the next call gets a fresh instance', () => {
  const p = new Plugin();
  p.scoring = withScorer(p, {
    keysAndProvisional() {
      throw new WebAssembly.RuntimeError('unreachable');
    },
  });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /keysAndProvisional: unreachable/ });
  assert.equal(p.scoreFile(EXAMPLE).length, 15);
});

test('a plugin breaking the contract is a PluginError', () => {
  const p = new Plugin();
  p.scoring = withScorer(p, { keysAndProvisional: () => ({ keys: [{ payout: 99, kind: 'phone', hi: 0n, lo: 0n }], provisional: [] }) });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /broke the contract: a roster key for payout 99/ });
  p.scoring = withScorer(p, { keysAndProvisional: () => ({ keys: [], provisional: new Uint32Array(), flagged: [] }) });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /0 results for 15 payouts/ });
  // Since 0.7 a clean result is a word: one outside the table, or a
  // flagged word without its record, breaks the contract too.
  const words = (word, flagged = []) => () => ({ keys: [], provisional: new Uint32Array(15).fill(word), flagged });
  p.scoring = withScorer(p, { keysAndProvisional: words(3 << 8) });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /the word 0x00000300 for payout 0 is outside its table/ });
  p.scoring = withScorer(p, { keysAndProvisional: words(0xffffffff) });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /0 flagged results for 15 flagged payouts/ });
  // Pass 2 gets only the payouts that share a key, and must answer each.
  const real = new Plugin();
  let sent;
  p.scoring = withScorer(p, {
    keysAndProvisional: (chunk) => {
      const scorer = real.scoring.Scorer.create(real.defaultPolicy());
      const keyed = scorer.keysAndProvisional(chunk);
      return { keys: keyed.keys.filter((k) => k.payout < 2 && k.kind === 'destination').map((k) => ({ ...k, kind: 'phone', hi: 0n, lo: 7n })), provisional: keyed.provisional, flagged: keyed.flagged };
    },
    assess: (chunk) => {
      sent = chunk.payouts.length / PAYOUT_WORDS;
      return [];
    },
  });
  assert.throws(() => p.scoreFile(EXAMPLE), { name: 'PluginError', message: /0 results for 2 payouts/ });
  assert.equal(sent, 2);
});
