// payguard for Node: the payout-risk plugin (a WebAssembly component that
// imports nothing, transpiled by jco) with the CLI's own payroll reader.
import { Plugin } from './src/plugin.js';

export { Plugin } from './src/plugin.js';
export { toNdjson } from './src/records.js';
export { InputError, LoadError, PayguardError, PluginError, PolicyError } from './src/errors.js';

let shared;

/** `new Plugin().scoreFile(path, options)` on one plugin kept for the process. */
export function scoreFile(path, options) {
  shared ??= new Plugin();
  return shared.scoreFile(path, options);
}

/** `new Plugin().scorePayroll(rows, options)` on one plugin kept for the process. */
export function scorePayroll(rows, options) {
  shared ??= new Plugin();
  return shared.scorePayroll(rows, options);
}
