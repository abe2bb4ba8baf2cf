/**
 * Tensor literals (contract.md section 1): a number, a rectangular nested
 * array, `{shape, data}` or `{shape, dtype: "float32", base64}`. Parsing
 * checks every limit before allocating, so a hostile file cannot make us
 * reserve a terabyte; encoding picks the most readable form that is exact.
 */

import { MAX_ELEMENTS, MAX_RANK, formatShape } from '../tensor/shape.js';
import { Base64Error, base64ByteLength, decodeBase64, encodeBase64 } from './base64.js';
import { describeValue as describe } from './json-text.js';
import type { TensorLiteral } from './types.js';

/** A literal that cannot be read; the one-line message says what is wrong (callers add the node id). */
export class LiteralError extends Error {
  override readonly name = 'LiteralError';
}

/** Up to this many elements, `encodeTensorLiteral` writes readable nested arrays; above it, base64. */
export const MAX_INLINE_ELEMENTS = 64;

/** Parses a literal into a shape and float32 row-major data. Throws LiteralError. */
export function parseTensorLiteral(value: unknown): { shape: number[]; data: Float32Array } {
  if (typeof value === 'number') {
    return { shape: [], data: Float32Array.of(checkNumber(value, 'value')) };
  }
  if (Array.isArray(value)) return parseNested(value);
  if (typeof value === 'object' && value !== null) return parseObject(value as Record<string, unknown>);
  throw new LiteralError(`expected a number, a nested array, {shape, data} or {shape, dtype, base64}, got ${describe(value)}`);
}

function parseNested(value: readonly unknown[]): { shape: number[]; data: Float32Array } {
  // The first element along each axis fixes the shape; every other row is then checked against it.
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_RANK) throw new LiteralError(`nested array is deeper than the supported rank ${MAX_RANK}`);
    shape.push(probe.length);
    probe = probe[0];
  }
  checkSize(shape);
  const data = new Float32Array(sizeOf(shape));
  let k = 0;
  const fill = (row: readonly unknown[], depth: number, index: number[]): void => {
    if (row.length !== shape[depth]) {
      throw new LiteralError(`${rowName(index)} has ${values(row.length)}, expected ${shape[depth]}`);
    }
    const last = depth === shape.length - 1;
    for (let i = 0; i < row.length; i++) {
      const item = row[i];
      index.push(i);
      if (last) {
        if (Array.isArray(item)) throw new LiteralError(`element ${indexName(index)} is an array, expected a number`);
        data[k++] = checkNumber(item, `element ${indexName(index)}`);
      } else {
        if (!Array.isArray(item)) {
          throw new LiteralError(`${rowName(index)} is ${describe(item)}, expected an array of ${values(shape[depth + 1])}`);
        }
        fill(item, depth + 1, index);
      }
      index.pop();
    }
  };
  fill(value, 0, []);
  return { shape, data };
}

function parseObject(obj: Record<string, unknown>): { shape: number[]; data: Float32Array } {
  const hasData = 'data' in obj;
  const hasBase64 = 'base64' in obj;
  if (hasData && hasBase64) throw new LiteralError('tensor literal has both "data" and "base64"; use one');
  if (!hasData && !hasBase64) throw new LiteralError('tensor literal object needs "shape" and either "data" or "base64"');
  for (const key of Object.keys(obj)) {
    if (key !== 'shape' && key !== (hasData ? 'data' : 'base64') && !(hasBase64 && key === 'dtype')) {
      throw new LiteralError(`tensor literal has an unknown key ${JSON.stringify(key)}`);
    }
  }
  const shape = parseShape(obj.shape);
  const n = sizeOf(shape);
  if (hasData) {
    const raw = obj.data;
    if (!Array.isArray(raw)) throw new LiteralError(`"data" must be a flat array of numbers, got ${describe(raw)}`);
    if (raw.length !== n) throw new LiteralError(`"data" has ${values(raw.length)}, but shape ${formatShape(shape)} needs ${n}`);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = checkNumber(raw[i], `data[${i}]`);
    return { shape, data };
  }
  if (obj.dtype !== 'float32') {
    const got = obj.dtype === undefined ? 'it is missing' : `got ${describe(obj.dtype)}`;
    throw new LiteralError(`"dtype" must be "float32" (the only stored type); ${got}`);
  }
  const text = obj.base64;
  if (typeof text !== 'string') throw new LiteralError(`"base64" must be a string, got ${describe(text)}`);
  // Compare lengths before decoding, so a wrong-sized blob costs nothing.
  const bytes = base64ByteLength(text);
  if (bytes !== 4 * n) {
    throw new LiteralError(`"base64" holds ${bytes} bytes, but shape ${formatShape(shape)} needs ${4 * n} (${n} float32 values)`);
  }
  let decoded: Uint8Array;
  try {
    decoded = decodeBase64(text);
  } catch (e) {
    if (e instanceof Base64Error) throw new LiteralError(e.message);
    throw e;
  }
  const data = new Float32Array(n);
  const view = new DataView(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  for (let i = 0; i < n; i++) {
    const v = view.getFloat32(4 * i, true);
    if (!Number.isFinite(v)) throw new LiteralError(`element ${i} of "base64" is not finite (${v})`);
    data[i] = v;
  }
  return { shape, data };
}

/** Validates a declared shape; the element count is checked before anything is allocated. */
function parseShape(raw: unknown): number[] {
  if (!Array.isArray(raw)) throw new LiteralError(`"shape" must be an array of whole numbers, got ${describe(raw)}`);
  if (raw.length > MAX_RANK) throw new LiteralError(`"shape" has rank ${raw.length}; at most ${MAX_RANK} is supported`);
  const shape: number[] = [];
  for (const d of raw) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new LiteralError(`"shape" has an invalid dimension ${typeof d === 'number' ? String(d) : describe(d)}; dimensions are whole numbers >= 0`);
    }
    shape.push(d);
  }
  checkSize(shape);
  return shape;
}

function checkSize(shape: readonly number[]): void {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new LiteralError(`tensor of shape ${formatShape(shape)} has ${n} elements; the limit is ${MAX_ELEMENTS}`);
  }
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A finite number that also fits float32 (1e39 would silently become Infinity). */
function checkNumber(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new LiteralError(`${what} is ${describe(v)}, expected a number`);
  if (!Number.isFinite(v)) throw new LiteralError(`${what} is not finite (${v})`);
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new LiteralError(`${what} (${v}) is outside the float32 range`);
  return f;
}

function rowName(index: readonly number[]): string {
  return index.length === 1 ? `row ${index[0]}` : index.length === 0 ? 'the array' : `row ${indexName(index)}`;
}

function values(n: number): string {
  return n === 1 ? '1 value' : `${n} values`;
}

function indexName(index: readonly number[]): string {
  return index.map((i) => `[${i}]`).join('');
}

/**
 * The shortest decimal (1 to 9 significant digits) that reads back as the
 * same float32 as `x`, so files show `0.1` rather than `0.10000000149011612`.
 * Non-finite input is returned unchanged.
 */
export function float32Shortest(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f;
  if (f === 0) return 0;
  for (let p = 1; p < 9; p++) {
    const y = Number(f.toPrecision(p));
    if (Math.fround(y) === f) return y;
  }
  return Number(f.toPrecision(9));
}

/**
 * Encodes a tensor for a file: a scalar as a number, up to
 * MAX_INLINE_ELEMENTS elements as nested arrays, anything larger as
 * little-endian float32 base64. Throws LiteralError for non-finite values or a
 * data length that does not match the shape.
 */
export function encodeTensorLiteral(shape: readonly number[], data: ArrayLike<number>): TensorLiteral {
  const dims = parseShape(shape);
  const n = sizeOf(dims);
  if (data.length !== n) throw new LiteralError(`data has ${values(data.length)}, but shape ${formatShape(dims)} needs ${n}`);
  const f32 = new Float32Array(n);
  for (let i = 0; i < n; i++) f32[i] = checkNumber(data[i], `element ${i}`);
  if (dims.length === 0) return float32Shortest(f32[0]);
  // A zero before the last axis cannot be expressed by nesting: `[]` would read back as shape [0].
  const nestable = !dims.slice(0, -1).includes(0);
  if (n <= MAX_INLINE_ELEMENTS) {
    if (!nestable) return { shape: dims, data: [] };
    let k = 0;
    const build = (depth: number): TensorLiteral[] =>
      Array.from({ length: dims[depth] }, () => (depth === dims.length - 1 ? float32Shortest(f32[k++]) : build(depth + 1)));
    return build(0);
  }
  const bytes = new Uint8Array(4 * n);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) view.setFloat32(4 * i, f32[i], true);
  return { shape: dims, dtype: 'float32', base64: encodeBase64(bytes) };
}
