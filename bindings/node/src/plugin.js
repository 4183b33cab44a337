// The host: reads a payroll with the reader component, runs the plugin's
// two passes with the roster between them, and returns the NDJSON records.
import { readFileSync } from 'node:fs';
import { PAYOUT_WORDS, instantiatePlugin, instantiateReader, pluginSha256 } from './components.js';
import { InputError, LoadError, PluginError, PolicyError } from './errors.js';
import { asOfDay, policyTexts } from './options.js';
import { provisionalResults } from './provisional.js';
import { assessed, rejected } from './records.js';
import { roster } from './roster.js';

const FORMATS = ['csv', 'json', 'ndjson'];

/** payguard's plugin with its reader, loaded once and used for many payrolls. */
export class Plugin {
  /**
   * `chunkSize`: payouts per plugin call (4096, as the Rust host);
   * `expectSha256`: refuse the plugin unless its SHA-256 is this (hex).
   */
  constructor({ chunkSize = 4096, expectSha256 } = {}) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 0xffffffff) {
      throw new InputError(`chunkSize must be a positive integer, not ${chunkSize}`);
    }
    if (expectSha256 !== undefined && expectSha256.toLowerCase() !== this.sha256) {
      throw new LoadError(`the plugin's SHA-256 is ${this.sha256}, not the expected ${expectSha256}`);
    }
    this.chunkSize = chunkSize;
    this.reader = instantiateReader();
    this.scoring = instantiatePlugin();
  }

  /** The plugin component's SHA-256, hex. */
  get sha256() {
    return pluginSha256();
  }

  /** The plugin's version, contract and the data sets compiled into it. */
  info() {
    return this.#call('info', (s) => s.info());
  }

  /** The rule catalogue: id, category, severity, weight, description. */
  rules() {
    return this.#call('rules', (s) => s.rules());
  }

  /** The plugin's default policy, in the contract's shape. */
  defaultPolicy() {
    return this.#call('defaultPolicy', (s) => s.defaultPolicy());
  }

  /**
   * Scores a payroll file (CSV, JSON array or NDJSON), or with `roster` (an
   * employee roster CSV's path) a bank payment file (pain.001 or NACHA)
   * joined to it on `joinOn`; one record per row, in file order, a bank
   * file's notes (skipped entries, failed file checks) first.
   */
  scoreFile(path, options = {}) {
    const columns = options.columns ?? null;
    if (options.roster === undefined || options.roster === null) {
      const bytes = decoded(read(path), options.encoding);
      const mapping = columns === null ? undefined : { text: readText(columns), name: String(columns) };
      return this.#score(bytes, String(path), options.format, options, mapping);
    }
    const bytes = read(path);
    const scorer = this.#scorer(policyTexts(options.policy), asOfDay(options.asOf), options.sanctions);
    let bank;
    try {
      // NACHA's columns are bytes, and pain.001 declares its own encoding:
      // the encoding and the column mapping are the roster's, as the CLI's.
      const roster = decoded(read(options.roster), options.encoding);
      const mapping = columns === null ? undefined : readText(columns);
      bank = this.reader.readBankFile(bytes, String(path), roster, String(options.roster), options.joinOn ?? undefined, this.chunkSize, mapping, String(columns ?? ''));
    } catch (e) {
      throw new InputError(reason(e), { cause: e });
    }
    const notes = bank.notes.map((line) => JSON.parse(line));
    return [...notes, ...this.#scoredWith(scorer, bank.payroll)];
  }

  /**
   * Scores rows in memory: objects keyed by the CSV column names, values
   * strings or numbers (null or undefined is an empty cell). Each record's
   * `line` is its row's position from 1.
   */
  scorePayroll(rows, options = {}) {
    if (!Array.isArray(rows)) {
      throw new InputError('rows must be an array of objects keyed by the CSV column names');
    }
    const text = rows.map((row, n) => {
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        throw new InputError(`row ${n + 1} must be an object keyed by the CSV column names`);
      }
      return JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    });
    return this.#score(Buffer.from(text.join('\n')), 'rows', 'ndjson', options);
  }

  /** Reads and scores a payroll's bytes; `mapping`: its column mapping's text and name. */
  #score(bytes, name, format, { policy, asOf, sanctions } = {}, mapping = undefined) {
    if (format !== undefined && !FORMATS.includes(format)) {
      throw new InputError(`format must be one of ${FORMATS.join(', ')}, not ${format}`);
    }
    const scorer = this.#scorer(policyTexts(policy), asOfDay(asOf), sanctions);
    let payroll;
    try {
      payroll = this.reader.readPayroll(bytes, name, format, this.chunkSize, mapping?.text, mapping?.name ?? '');
    } catch (e) {
      throw new InputError(reason(e), { cause: e });
    }
    return this.#scoredWith(scorer, payroll);
  }

  /** Both passes over `payroll`, then the scorer freed. */
  #scoredWith(scorer, payroll) {
    try {
      return this.#passes(scorer, payroll);
    } finally {
      try {
        // Frees the policy the scorer holds inside the plugin now, not
        // whenever the garbage collector gets to it.
        scorer[Symbol.dispose]();
      } catch {
        // The instance trapped and has been replaced; the error thrown is its.
      }
    }
  }

  #scorer(files, day, sanctions) {
    const base = this.defaultPolicy();
    let policy;
    try {
      policy = this.reader.applyPolicy(base, files);
    } catch (e) {
      throw new PolicyError(reason(e), { cause: e });
    }
    if (sanctions !== undefined && sanctions !== null) {
      // A sanctions list (CSV: type, value) added to the built-in one,
      // after the policy files, as the CLI's --sanctions.
      const text = read(sanctions).toString('utf8');
      try {
        policy = this.reader.extendSanctions(policy, { name: String(sanctions), text });
      } catch (e) {
        throw new PolicyError(reason(e), { cause: e });
      }
    }
    if (day !== null) policy.asOf = day;
    return this.#call('Scorer.create', (s) => {
      try {
        return s.Scorer.create(policy);
      } catch (e) {
        if (e?.payload?.key === undefined) throw e;
        const { key, message } = e.payload;
        throw new PolicyError(this.reader.locatePolicyError(base, files, key, message), { cause: e });
      }
    });
  }

  /**
   * Pass 1 keys each payout and judges it as if it shared nothing
   * (`keysAndProvisional`, since contract 0.5; clean results as words since
   * 0.7); pass 2 sends `assess` only the
   * payouts whose keys other employees share, and the rest keep pass 1's
   * result: each payout is judged once, the few that share a key twice.
   */
  #passes(scorer, payroll) {
    const size = this.chunkSize;
    const payouts = [];
    for (const row of payroll.rows) {
      if (row.read.tag === 'ok') payouts[row.read.val] = row;
    }
    const keys = [];
    const outcomes = [];
    payroll.chunks.forEach((chunk, c) => {
      const count = chunk.payouts.length / PAYOUT_WORDS;
      const keyed = this.#call('keysAndProvisional', () => scorer.keysAndProvisional(chunk));
      for (const key of keyed.keys) {
        if (key.payout >= count) {
          throw new PluginError(`the plugin broke the contract: a roster key for payout ${key.payout} of a chunk of ${count}`);
        }
        key.payout += c * size;
        keys.push(key);
      }
      expectResults(keyed.provisional, count);
      for (const r of provisionalResults(keyed.provisional, keyed.flagged)) outcomes.push(r);
    });
    const shared = roster(payouts, keys);
    payroll.chunks.forEach((chunk, c) => {
      // The payouts of the chunk that share a key, sent with the chunk's
      // text; each group names its payout by its place among them. The
      // Node package keeps no history: no earlier payouts, no earlier
      // destinations (contract 0.4's additions stay empty).
      const again = [];
      const peers = [];
      for (let i = 0; i < chunk.payouts.length / PAYOUT_WORDS; i++) {
        const groups = shared.get(c * size + i);
        if (!groups) continue;
        for (const group of groups) peers.push({ payout: again.length, ...group, earlier: [] });
        again.push(i);
      }
      if (again.length === 0) return;
      const words = new Uint32Array(again.length * PAYOUT_WORDS);
      again.forEach((i, k) => {
        words.set(chunk.payouts.subarray(i * PAYOUT_WORDS, (i + 1) * PAYOUT_WORDS), k * PAYOUT_WORDS);
      });
      const sent = { text: chunk.text, payouts: words };
      const results = this.#call('assess', () => scorer.assess(sent, peers, []));
      expectResults(results, again.length);
      again.forEach((i, k) => {
        outcomes[c * size + i] = results[k];
      });
    });
    return payroll.rows.map((row) => {
      if (row.read.tag === 'err') return rejected(row, row.read.val);
      const outcome = outcomes[row.read.val];
      return outcome.tag === 'ok' ? assessed(row, outcome.val) : rejected(row, outcome.val);
    });
  }

  /** Runs `f` on the plugin; a trap replaces the instance before it is thrown. */
  #call(what, f) {
    try {
      return f(this.scoring);
    } catch (e) {
      // A `result` error the contract defines is not a failure of the plugin.
      if (e instanceof PolicyError || e instanceof PluginError || e?.payload !== undefined) throw e;
      this.scoring = instantiatePlugin();
      throw new PluginError(`the plugin failed in ${what}: ${e?.message ?? e}`, { cause: e });
    }
  }
}

/** One result per payout sent, or the plugin broke the contract. */
function expectResults(results, sent) {
  if (results.length !== sent) {
    throw new PluginError(`the plugin broke the contract: ${results.length} results for ${sent} payouts`);
  }
}

/** A file's bytes, or an InputError naming it. */
function read(path) {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${e.message}`, { cause: e });
  }
}

/** A UTF-8 text file's text (a column mapping), as the CLI reads one. */
function readText(path) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(read(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${path}: it is not UTF-8 text`, { cause: e });
  }
}

/**
 * A file's bytes as UTF-8: decoded from `encoding` (a WHATWG label, such
 * as "windows-1252") when one is given and the file starts with no byte
 * order mark, which decides over it (the reader reads UTF-16 by its mark),
 * as the CLI's `--encoding` reads it.
 */
function decoded(bytes, encoding) {
  if (encoding === undefined || encoding === null) return bytes;
  const marked = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]].some((mark) => mark.every((b, i) => bytes[i] === b));
  let decoder;
  try {
    decoder = new TextDecoder(String(encoding).trim());
  } catch (e) {
    throw new InputError(`${JSON.stringify(encoding)} is not an encoding: give a label such as windows-1252, iso-8859-2 or shift_jis`, { cause: e });
  }
  return marked ? bytes : Buffer.from(decoder.decode(bytes), 'utf8');
}

/** A component's error text: jco throws a `result`'s error as `payload`. */
function reason(e) {
  return typeof e?.payload === 'string' ? e.payload : e.message;
}
