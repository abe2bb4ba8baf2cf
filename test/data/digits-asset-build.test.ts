/** The digits asset made from the mnist package, and the command line reading it from a file or from memory. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigitsAsset, writeDigitsAsset } from '../../core/cli/digits-asset-build.js';
import { loadDigitsRawFrom, loadMnistRaw, readMnistPackage } from '../../core/cli/digits-loader.js';
import { decodeDigitsAsset } from '../../core/data/digits-asset.js';

let asset: Uint8Array;
let dir: string;

beforeAll(async () => {
  asset = await buildDigitsAsset();
  dir = await mkdtemp(path.join(tmpdir(), 'bpstudio-digits-'));
});

/** Bitwise equality of two per-class pixel lists (toEqual on millions of floats takes a minute). */
function samePixels(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return a.length === b.length && a.every((pixels, c) => Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).equals(Buffer.from(b[c].buffer, b[c].byteOffset, b[c].byteLength)));
}

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildDigitsAsset', () => {
  it('is a few MB: a 56-byte header and one byte per pixel of the 10,000 images', () => {
    expect(asset.length).toBe(56 + 10_000 * 784);
    expect(asset.length).toBeLessThan(10 * 1024 * 1024);
  });

  it('decodes to exactly the pixels the command line loader returns', async () => {
    const decoded = decodeDigitsAsset(asset);
    const cli = await loadMnistRaw();
    expect(decoded).toHaveLength(10);
    expect(samePixels(decoded, cli)).toBe(true);
  });

  it('holds the original MNIST bytes that the package rounded to 3 decimals', async () => {
    const json = await readMnistPackage();
    const decoded = decodeDigitsAsset(asset);
    let at = 56;
    json.forEach((pixels, c) => {
      expect(decoded[c].length).toBe(pixels.length);
      for (let i = 0; i < pixels.length; i++, at++) {
        // The package writes byte k as k / 255 rounded to 3 decimals, so the byte comes back exactly.
        if (Math.round((asset[at] / 255) * 1000) / 1000 !== Math.round(pixels[i] * 1000) / 1000) {
          throw new Error(`class ${c} value ${i}: byte ${asset[at]} for ${pixels[i]}`);
        }
        if (Math.abs(decoded[c][i] - pixels[i]) > 0.0005) throw new Error(`class ${c} value ${i}: ${decoded[c][i]} is far from ${pixels[i]}`);
      }
    });
  });
});

describe('writeDigitsAsset and loadDigitsRawFrom', () => {
  it('writes the asset atomically, leaving no temporary file, and the loader reads it back', async () => {
    const file = path.join(dir, 'digits.bin');
    await writeFile(file, 'an older file to replace');
    expect(await writeDigitsAsset(file)).toBe(asset.length);
    expect(Buffer.from(await readFile(file)).equals(Buffer.from(asset))).toBe(true);
    expect(await readdir(dir)).toEqual(['digits.bin']);
    expect(samePixels(await loadDigitsRawFrom(file), decodeDigitsAsset(asset))).toBe(true);
  });

  it('builds the same pixels in memory when the file does not exist', async () => {
    expect(samePixels(await loadDigitsRawFrom(path.join(dir, 'missing.bin')), decodeDigitsAsset(asset))).toBe(true);
  });

  it('names a damaged file and says how to fix it, instead of falling back', async () => {
    const file = path.join(dir, 'damaged.bin');
    await writeFile(file, asset.subarray(0, 1000));
    await expect(loadDigitsRawFrom(file)).rejects.toThrow(
      `${file}: digits asset is truncated: expected 7,840,000 pixel bytes after the header, found 944; rebuild it (npx vite build -c renderer/vite.config.ts) or delete it`,
    );
  });

  it('rejects a writer that cannot write, and cleans up after itself', async () => {
    await expect(writeDigitsAsset(path.join(dir, 'no-such-folder', 'digits.bin'))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).sort()).toEqual(['damaged.bin', 'digits.bin']);
  });
});
