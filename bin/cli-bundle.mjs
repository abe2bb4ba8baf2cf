// The built command line (npm run build:cli, bin/build-cli.mjs): where it lives, whether it is
// up to date with the sources, and how to load it fast. Shared by the build and bin/bpstudio.mjs.
//
// dist/cli/manifest.json names the bundle (core/cli/main.ts and everything it imports, zod
// included, as one CommonJS file), its V8 code cache and the sources it was built from. The
// bundle and its cache carry a hash of the bundle in their names: V8 checks only a cache's
// length against the source, so a cache must never outlive the bundle it was made from.
// The manifest is written last, atomically, so a reader sees one whole build or the one before.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Two levels below the root, like core/cli/, so paths relative to the code stay right in both. */
export const OUT_DIR = path.join(ROOT, 'dist', 'cli');
export const MANIFEST = path.join(OUT_DIR, 'manifest.json');

/**
 * The build's manifest when the build exists and no source is newer than it, else undefined.
 * Sources that are missing (a package without them, a file deleted since) do not count: deleting
 * an import means editing the file that imported it, which is newer.
 */
export function freshBuild(manifestFile = MANIFEST, root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
  for (const rel of manifest.sources) {
    const st = statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (st !== undefined && st.mtimeMs > manifest.builtAt) return undefined;
  }
  return manifest;
}

/** CommonJS's wrapper: the code cache is made of exactly this text, so build and load share it. */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/**
 * Compiles the bundle with its code cache when there is one (a cache from another Node or V8
 * is rejected and the bundle compiles as usual). Returns the script; call run() to get exports.
 */
export function compileBundle(file, cachedData) {
  const script = new vm.Script(wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData && { cachedData }) });
  return {
    script,
    run() {
      const module = { exports: {} };
      script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
      return module.exports;
    },
  };
}

/**
 * The exports of the built command line. `debug`: through Node's own loader with source maps
 * on, so stack traces name the TypeScript sources (slower to start, which --debug can afford).
 */
export function loadBundle(manifest, { debug }) {
  const file = path.join(OUT_DIR, manifest.bundle);
  if (debug) {
    process.setSourceMapsEnabled(true);
    return createRequire(import.meta.url)(file);
  }
  let cache;
  try {
    cache = manifest.cache === null ? undefined : readFileSync(path.join(OUT_DIR, manifest.cache));
  } catch {
    cache = undefined;
  }
  return compileBundle(file, cache).run();
}
