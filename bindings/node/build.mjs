// Builds the two components the package loads and transpiles them for
// Node: the plugin (guest/, the rules) and the reader (reader/, the CLI's
// payroll and policy readers). Cargo builds both for wasm32-unknown-unknown
// with the workspace's `plugin` profile, as the Rust host's build script
// builds the plugin it embeds; `jco new` encodes each core module as a
// component that imports nothing, and `jco transpile` turns it into an ES
// module under gen/, instantiated on demand (`--instantiation sync`) so a
// plugin that trapped can be replaced by a fresh instance.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const target = 'wasm32-unknown-unknown';
// The target dir the Rust host's build script builds its plugin in
// (plugin-build/src/lib.rs), so a clone that built the host reuses it.
const targetDir = process.env.PAYGUARD_NODE_TARGET_DIR ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'plugins');
const components = [
  ['plugin', 'payguard-guest'],
  ['reader', 'payguard-node-reader'],
];

const env = { ...process.env };
for (const name of ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_TARGET_DIR', 'CARGO_BUILD_TARGET']) {
  delete env[name];
}
const packages = components.flatMap(([, crate]) => ['-p', crate]);
try {
  execFileSync(
    'cargo',
    ['build', '--profile', 'plugin', '--target', target, ...packages, '--target-dir', targetDir],
    { cwd: root, env, stdio: 'inherit' },
  );
} catch {
  console.error(
    `\nbuilding the components failed (see above). They need the Rust target ${target}:\n\n    rustup target add ${target}\n`,
  );
  process.exit(1);
}

const jco = join(here, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
const gen = join(here, 'gen');
rmSync(gen, { recursive: true, force: true });
mkdirSync(gen);
for (const [name, crate] of components) {
  const core = join(targetDir, target, 'plugin', `${crate.replaceAll('-', '_')}.wasm`);
  const component = join(gen, `${name}.wasm`);
  execFileSync(process.execPath, [jco, 'new', core, '-o', component], { stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [jco, 'transpile', component, '-o', join(gen, name), '--instantiation', 'sync', '--quiet'],
    { stdio: 'inherit' },
  );
}
console.log(`payguard: built ${components.map(([name]) => `gen/${name}`).join(' and ')}`);
