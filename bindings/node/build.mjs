// Builds the two components the package loads and transpiles them for
// Node: the plugin (guest/, the rules) and the reader (reader/, the CLI's
// payroll and policy readers). `payguard-plugin-build` builds each for
// wasm32-unknown-unknown and encodes it exactly as the Rust host's build
// script does, in the same target dir, so the plugin is byte for byte the
// one the Rust host embeds; `jco transpile` then turns each component into
// an ES module under gen/, instantiated on demand (`--instantiation sync`)
// so that a plugin that trapped can be replaced by a fresh instance.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const components = [
  ['plugin', 'payguard-guest'],
  ['reader', 'payguard-node-reader'],
];

const jco = join(here, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
const gen = join(here, 'gen');
rmSync(gen, { recursive: true, force: true });
mkdirSync(gen);
for (const [name, crate] of components) {
  const component = join(gen, `${name}.wasm`);
  try {
    execFileSync('cargo', ['run', '--quiet', '-p', 'payguard-plugin-build', '--', crate, component], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    console.error(`\nbuilding the ${name} component failed; see above.`);
    process.exit(1);
  }
  execFileSync(
    process.execPath,
    [jco, 'transpile', component, '-o', join(gen, name), '--instantiation', 'sync', '--quiet'],
    { stdio: 'inherit' },
  );
}
console.log(`payguard: built ${components.map(([name]) => `gen/${name}`).join(' and ')}`);
