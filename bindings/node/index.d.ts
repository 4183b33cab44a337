// Types of the payguard Node package. Records are the NDJSON records every
// payguard host writes (`payguard score --format ndjson`), keys as there.

/** A day, as the plugin's contract carries it. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

export type Decision = 'allow' | 'review' | 'block';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type Category =
  | 'crypto-wallet'
  | 'sanctioned'
  | 'shared-account'
  | 'non-local-bank'
  | 'country-mismatch'
  | 'e-money'
  | 'high-risk-jurisdiction'
  | 'holder-mismatch'
  | 'account-change'
  | 'invalid-destination';

/** One rule that fired on one payout. */
export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  points: number;
  message: string;
  evidence: { key: string; value: string }[];
  related_payouts: string[];
  related_employees: string[];
  /** Present when an allowlist entry silenced the finding (its points are 0). */
  waiver?: { reason: string; expires: Day };
}

/** A row the plugin scored. */
export interface Assessed {
  /** Line in the file where the row starts (the CSV header is line 1); for rows in memory, the row's position from 1. */
  line: number;
  payout_id: string;
  employee_id: string | null;
  score: number;
  decision: Decision;
  findings: Finding[];
}

/** A row that could not be scored, with the field at fault. */
export interface Rejected {
  line: number;
  payout_id: string;
  employee_id: string | null;
  decision: 'rejected';
  error: { field: string | null; message: string };
}

/** One result per row, in row order. */
export type PayoutRecord = Assessed | Rejected;

/**
 * What a bank file's results begin with: a failed check of the file's own
 * integrity, or an entry that is not a payout (a prenote, a debit).
 */
export type FileNote =
  | { kind: 'file-check'; line: number; check: string; message: string }
  | { kind: 'skipped'; line: number; payout_id: string; reason: string };

/** A policy: a TOML file's path, an object shaped like one (Dates are their UTC day), or several applied in turn. */
export type Policy = string | URL | Record<string, unknown> | (string | URL | Record<string, unknown>)[];

export interface ScoreOptions {
  policy?: Policy;
  /**
   * The day allowlist expiry is judged on for payouts without a pay date:
   * "today" (UTC, the default, as the CLI), a Date (its UTC day),
   * "YYYY-MM-DD", or null for none.
   */
  asOf?: 'today' | string | Date | null;
  /** A sanctions list's path (CSV with type and value columns), added to the built-in one, as the CLI's --sanctions. */
  sanctions?: string | URL;
}

export interface FileOptions extends ScoreOptions {
  /** The file's format; by default by extension, else by its first character. */
  format?: 'csv' | 'json' | 'ndjson';
  /**
   * The employee roster's path (CSV: employee_id, employee_name,
   * residence_country; optionally phone, ship_to_country,
   * account_changed_at): the file is then a bank payment file (pain.001
   * or NACHA) joined to it, as the CLI's --roster.
   */
  roster?: string | URL;
  /** Which value of the bank file finds the employee; default individual-id for NACHA, creditor-id for pain.001. */
  joinOn?: 'individual-id' | 'creditor-id' | 'end-to-end-id' | 'name';
  /**
   * The file's encoding when it is not UTF-8 (a WHATWG label such as
   * 'windows-1252', as Excel's "CSV (Comma delimited)" saves), as the
   * CLI's --encoding; a byte order mark decides over it. With `roster`,
   * the roster's (a bank file is read as its format says).
   */
  encoding?: string;
  /**
   * A CSV payroll's column mapping file (TOML, one line per column:
   * `employee_id = "Your Column"`), as the CLI's --columns: for exports
   * whose header payguard does not know. With `roster`, the roster's (a
   * bank file is read as its format says).
   */
  columns?: string | URL;
}

/** A row in memory: values by CSV column name; null or undefined is an empty cell. */
export type Row = Record<string, string | number | bigint | null | undefined>;

/** The plugin and its reader, loaded once for many payrolls. */
export class Plugin {
  /**
   * `chunkSize`: payouts per plugin call (default 4096, as the Rust host);
   * `expectSha256`: refuse the plugin (LoadError) unless its SHA-256 is this, hex.
   */
  constructor(options?: { chunkSize?: number; expectSha256?: string });
  readonly chunkSize: number;
  /** The plugin component's SHA-256, hex. */
  readonly sha256: string;
  info(): { version: string; contract: string; data: { name: string; version: string; source: string }[] };
  rules(): { id: string; category: Category; severity: Severity; weight: number; description: string }[];
  /** The plugin's default policy, in the contract's shape (camelCase, as jco gives it). */
  defaultPolicy(): Record<string, unknown>;
  /** Scores a bank payment file joined to `roster`: its notes, then one record per payout. */
  scoreFile(path: string | URL, options: FileOptions & { roster: string | URL }): (FileNote | PayoutRecord)[];
  /** Scores a payroll file (CSV, JSON array or NDJSON). */
  scoreFile(path: string | URL, options?: FileOptions): PayoutRecord[];
  /** Scores rows in memory, keyed by the CSV column names. */
  scorePayroll(rows: Row[], options?: ScoreOptions): PayoutRecord[];
}

/** `scoreFile` on one Plugin kept for the process. */
export function scoreFile(path: string | URL, options: FileOptions & { roster: string | URL }): (FileNote | PayoutRecord)[];
export function scoreFile(path: string | URL, options?: FileOptions): PayoutRecord[];
/** `scorePayroll` on one Plugin kept for the process. */
export function scorePayroll(rows: Row[], options?: ScoreOptions): PayoutRecord[];
/** Records as NDJSON, one line each: the CLI's bytes for the same payroll. */
export function toNdjson(records: (FileNote | PayoutRecord)[]): string;

/** Anything payguard refuses. A bad row is never an error: it is a Rejected record. */
export class PayguardError extends Error {}
/** The components are not built, or not the contract this package speaks. */
export class LoadError extends PayguardError {}
/** A policy the reader or the plugin refused; the message names the file, line and key. */
export class PolicyError extends PayguardError {}
/** A file that cannot be read as a payroll at all, or options that make no sense. */
export class InputError extends PayguardError {}
/** The plugin trapped or broke the contract; the instance is replaced before the next call. */
export class PluginError extends PayguardError {}
