// The options every scoring call takes: policies and the as-of day.
import { readFileSync } from 'node:fs';
import { TomlDate, stringify } from 'smol-toml';
import { InputError } from './errors.js';

/**
 * A policy option as (name, TOML text) pairs in the order they apply: a
 * TOML file's path, an object shaped like one, or an array of them.
 */
export function policyTexts(policy) {
  if (policy === undefined || policy === null) return [];
  const list = Array.isArray(policy) ? policy : [policy];
  return list.map((one, n) => {
    if (typeof one === 'string' || one instanceof URL) {
      try {
        return { name: String(one), text: readFileSync(one, 'utf8') };
      } catch (e) {
        throw new InputError(`cannot read ${one}: ${e.message}`, { cause: e });
      }
    }
    if (typeof one === 'object') {
      return { name: `policy[${n}] (object)`, text: stringify(days(one)) };
    }
    throw new InputError(`policy[${n}] must be a TOML file's path or an object, not ${typeof one}`);
  });
}

/**
 * `value` with each Date that is not already a TOML date written as its
 * UTC day: a policy's dates are days (an allowlist entry's `expires`), and
 * a JavaScript Date is an instant.
 */
function days(value) {
  if (value instanceof TomlDate) return value;
  if (value instanceof Date) return new TomlDate(value.toISOString().slice(0, 10));
  if (Array.isArray(value)) return value.map(days);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, days(v)]));
  }
  return value;
}

/**
 * The as-of day in the contract's shape: "today" (UTC, the default, as
 * the CLI), a Date (its UTC day), "YYYY-MM-DD", or null for none.
 */
export function asOfDay(asOf = 'today') {
  if (asOf === null) return null;
  let date = asOf;
  if (asOf === 'today') {
    date = new Date();
  } else if (typeof asOf === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
    date = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (!date || date.toISOString().slice(0, 10) !== asOf) {
      throw new InputError(`asOf must be "today", a Date or "YYYY-MM-DD", not ${JSON.stringify(asOf)}`);
    }
  }
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InputError(`asOf must be "today", a Date or "YYYY-MM-DD", not ${String(asOf)}`);
  }
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
