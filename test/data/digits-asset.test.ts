/** The digits asset format: round trip, every kind of damage, and the asset made from the mnist package. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../core/data/dataset.js';
import { DIGITS_ASSET_MAGIC, DIGITS_ASSET_VERSION, decodeDigitsAsset, encodeDigitsAsset } from '../../core/data/digits-asset.js';

const PIXELS = 784;
const HEADER = 56;

/** Ten classes of `counts[c]` images whose pixels are k / 255 for assorted k. */
function sample(counts: readonly number[] = [1, 2, 1, 1, 3, 1, 1, 2, 1, 1]): Float32Array[] {
  return counts.map((n, c) => Float32Array.from({ length: n * PIXELS }, (_, i) => ((i * 7 + c * 31) % 256) / 255));
}

function patched(bytes: Uint8Array, at: number, u32: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, u32, true);
  return copy;
}

describe('encodeDigitsAsset and decodeDigitsAsset', () => {
  it('round-trip k / 255 pixels exactly, with the documented header', () => {
    const raw = sample();
    const bytes = encodeDigitsAsset(raw);
    expect(bytes.length).toBe(HEADER + 14 * PIXELS);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe(DIGITS_ASSET_MAGIC);
    const view = new DataView(bytes.buffer);
    expect([1, 2, 3].map((i) => view.getUint32(4 * i, true))).toEqual([DIGITS_ASSET_VERSION, 28, 10]);
    expect(Array.from({ length: 10 }, (_, c) => view.getUint32(16 + 4 * c, true))).toEqual([1, 2, 1, 1, 3, 1, 1, 2, 1, 1]);
    expect(decodeDigitsAsset(bytes)).toEqual(raw);
    // An ArrayBuffer, and a Uint8Array that is a window on a bigger buffer, decode alike.
    expect(decodeDigitsAsset(bytes.buffer)).toEqual(raw);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 5);
    expect(decodeDigitsAsset(padded.subarray(5, 5 + bytes.length))).toEqual(raw);
  });

  it('rounds other pixels to the nearest k / 255', () => {
    const raw = sample();
    raw[3][10] = 0.624; // the mnist package's 159 / 255
    raw[3][11] = 0.0019; // rounds down to 0
    const back = decodeDigitsAsset(encodeDigitsAsset(raw));
    expect(back[3][10]).toBe(Math.fround(159 / 255));
    expect(back[3][11]).toBe(0);
  });

  it('refuses input that is not ten classes of whole images with pixels in [0, 1]', () => {
    expect(() => encodeDigitsAsset(sample().slice(0, 9))).toThrow(new DatasetError('digits asset: expected raw data for 10 classes, got 9'));
    const short = sample();
    short[4] = new Float32Array(700);
    expect(() => encodeDigitsAsset(short)).toThrow('digits asset: class 4 has 700 values, not a positive multiple of 784 (28x28)');
    const bright = sample();
    bright[1][PIXELS + 5] = 255;
    expect(() => encodeDigitsAsset(bright)).toThrow('digits asset: class 1 image 1 pixel 5 is 255, not a number in [0, 1]');
    const nan = sample();
    nan[0][3] = NaN;
    expect(() => encodeDigitsAsset(nan)).toThrow('digits asset: class 0 image 0 pixel 3 is NaN, not a number in [0, 1]');
  });

  const good = encodeDigitsAsset(sample());
  const damaged: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'digits asset is empty (0 bytes)'],
    ['wrong magic', Uint8Array.from([...new TextEncoder().encode('{"da'), ...good.subarray(4)]), 'digits asset has the wrong magic bytes: expected "BPDG", found "{\\"da"; it is not a digits asset'],
    ['wrong magic, short', Uint8Array.from([0, 1]), 'digits asset has the wrong magic bytes: expected "BPDG", found "\\u0000\\u0001"; it is not a digits asset'],
    ['truncated in the magic', good.subarray(0, 2), 'digits asset is truncated: expected a 56-byte header, found 2 bytes'],
    ['truncated in the header', good.subarray(0, 30), 'digits asset is truncated: expected a 56-byte header, found 30 bytes'],
    ['another version', patched(good, 4, 2), 'digits asset has format version 2; this build reads version 1 only (rebuild the asset)'],
    ['another image side', patched(good, 8, 14), 'digits asset has 14x14 images; expected 28x28'],
    ['another class count', patched(good, 12, 9), 'digits asset has 9 classes; expected 10'],
    ['an empty class', patched(good, 16 + 4 * 6, 0), 'digits asset is damaged: class 6 has no images'],
    ['truncated pixels', good.subarray(0, HEADER + 1234), 'digits asset is truncated: expected 10,976 pixel bytes after the header, found 1,234'],
    ['counts that add up to more', patched(good, 16, 5), 'digits asset is truncated: expected 14,112 pixel bytes after the header, found 10,976'],
    ['counts that add up to less', patched(good, 16 + 4 * 4, 1), 'digits asset is damaged: its image counts (1, 2, 1, 1, 1, 1, 1, 2, 1, 1) add up to 9,408 pixel bytes, but 10,976 follow the header'],
  ];
  it.each(damaged)('rejects %s with a one-line DatasetError saying so', (_, bytes, message) => {
    expect(() => decodeDigitsAsset(bytes)).toThrow(new DatasetError(message));
    expect(message).not.toContain('\n');
  });

  it('reports a huge count as truncation, not as a crash', () => {
    expect(() => decodeDigitsAsset(patched(good, 16, 0xffffffff))).toThrow(/^digits asset is truncated: expected 3,367,254,\d{3},\d{3} pixel bytes/);
  });
});
