// The transpiled components (gen/, written by build.mjs): compiled once per
// process, instantiated per Plugin, since an instance that trapped cannot
// be entered again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LoadError } from './errors.js';

const gen = join(dirname(fileURLToPath(import.meta.url)), '..', 'gen');
const modules = new Map();

/** The contract the plugin must export, as the Rust host checks it. */
export const CONTRACT = 'payguard:risk/scoring@0.7.0';
/** The contract whose types the reader uses: the plugin's chunk and policy. */
const READER_TYPES = 'payguard:risk/scoring@0.7.0';
const READER = 'payguard:reader/read@0.1.0';
/** Words a payout takes in a chunk's `payouts` (the table in the contract's WIT, since 0.6). */
export const PAYOUT_WORDS = 33;

async function transpiled(name) {
  try {
    return await import(pathToFileURL(join(gen, name, `${name}.js`)).href);
  } catch (e) {
    throw new LoadError(
      `the ${name} component is not built (${e.code ?? e.message}); run \`npm run build\` in bindings/node`,
      { cause: e },
    );
  }
}

function coreModule(name) {
  return (path) => {
    const key = `${name}/${path}`;
    if (!modules.has(key)) {
      modules.set(key, new WebAssembly.Module(readFileSync(join(gen, name, path))));
    }
    return modules.get(key);
  };
}

const [plugin, reader] = await Promise.all([transpiled('plugin'), transpiled('reader')]);

/** A fresh instance of the plugin's `scoring` interface. */
export function instantiatePlugin() {
  const exports = plugin.instantiate(coreModule('plugin'), {});
  const scoring = exports[CONTRACT];
  if (!scoring) {
    throw new LoadError(`the plugin does not export ${CONTRACT}`);
  }
  return scoring;
}

/** A fresh instance of the reader's `read` interface. */
export function instantiateReader() {
  // The reader uses the contract's types only: its import has no functions.
  return reader.instantiate(coreModule('reader'), { [READER_TYPES]: {} })[READER];
}

let digest;

/** The SHA-256 of the plugin component build.mjs wrote, hex. */
export function pluginSha256() {
  digest ??= createHash('sha256').update(readFileSync(join(gen, 'plugin.wasm'))).digest('hex');
  return digest;
}
