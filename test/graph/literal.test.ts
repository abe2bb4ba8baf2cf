import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralError, encodeTensorLiteral, float32Shortest, parseTensorLiteral } from '../../core/graph/literal.js';
import { MAX_ELEMENTS } from '../../core/tensor/shape.js';

function b64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

describe('parseTensorLiteral accepts', () => {
  it.each<[string, unknown, number[], number[]]>([
    ['a scalar', -2, [], [-2]],
    ['a vector', [1, 2, 3], [3], [1, 2, 3]],
    ['a matrix', [[1, 2], [3, 4], [5, 6]], [3, 2], [1, 2, 3, 4, 5, 6]],
    ['rank 3', [[[1], [2]], [[3], [4]]], [2, 2, 1], [1, 2, 3, 4]],
    ['an empty vector', [], [0], []],
    ['empty rows', [[], []], [2, 0], []],
    ['{shape, data}', { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, [2, 3], [1, 2, 3, 4, 5, 6]],
    ['{shape: [], data}', { shape: [], data: [7] }, [], [7]],
    ['{shape: [0, 3], data: []}', { shape: [0, 3], data: [] }, [0, 3], []],
    ['base64', { shape: [3], dtype: 'float32', base64: b64([1, -0.5, 3e5]) }, [3], [1, -0.5, 3e5]],
    ['base64 without padding', { shape: [1], dtype: 'float32', base64: b64([2]).replace(/=+$/, '') }, [1], [2]],
  ])('%s', (_, value, shape, data) => {
    const t = parseTensorLiteral(value);
    expect(t.shape).toEqual(shape);
    expect(Array.from(t.data)).toEqual(data.map(Math.fround));
    expect(t.data).toBeInstanceOf(Float32Array);
  });

  it('reads base64 as little-endian', () => {
    // 1.0f is 0x3f800000, stored as 00 00 80 3f.
    expect(Array.from(parseTensorLiteral({ shape: [], dtype: 'float32', base64: 'AACAPw==' }).data)).toEqual([1]);
  });
});

describe('parseTensorLiteral rejects', () => {
  it.each<[string, unknown, RegExp]>([
    ['a ragged row', [[1, 2], [3, 4, 5]], /^row 1 has 3 values, expected 2$/],
    ['a short row', [[1, 2], [3]], /^row 1 has 1 value, expected 2$/],
    ['a ragged deep row', [[[1, 2], [3, 4]], [[5, 6], [7]]], /^row \[1\]\[1\] has 1 value, expected 2$/],
    ['a number where a row should be', [[1, 2], 3], /^row 1 is the number 3, expected an array of 2 values$/],
    ['an array where a number should be', [1, [2]], /^element \[1\] is an array, expected a number$/],
    ['a string element', [[1, 'two']], /^element \[0\]\[1\] is a string \("two"\), expected a number$/],
    ['null', [null], /^element \[0\] is null, expected a number$/],
    ['NaN', NaN, /^value is not finite \(NaN\)$/],
    ['Infinity in an array', [1, Infinity], /^element \[1\] is not finite \(Infinity\)$/],
    ['a number too big for float32', [1e39], /^element \[0\] \(1e\+39\) is outside the float32 range$/],
    ['a string', 'NaN', /^expected a number, a nested array, \{shape, data\} or \{shape, dtype, base64\}, got a string \("NaN"\)$/],
    ['a boolean', true, /got true$/],
    ['nesting deeper than the rank limit', [[[[[[[1]]]]]]], /deeper than the supported rank 6/],
    ['data length mismatch', { shape: [2, 3], data: [1, 2, 3, 4, 5] }, /^"data" has 5 values, but shape \[2, 3\] needs 6$/],
    ['data not an array', { shape: [2], data: '1,2' }, /^"data" must be a flat array of numbers/],
    ['nested data', { shape: [2], data: [[1], [2]] }, /^data\[0\] is an array, expected a number$/],
    ['non-finite data', { shape: [1], data: [null] }, /^data\[0\] is null/],
    ['rank over the limit', { shape: [1, 1, 1, 1, 1, 1, 1], data: [1] }, /^"shape" has rank 7; at most 6 is supported$/],
    ['a negative dimension', { shape: [2, -1], data: [] }, /invalid dimension -1/],
    ['a fractional dimension', { shape: [1.5], data: [1] }, /invalid dimension 1.5/],
    ['a string dimension', { shape: ['2'], data: [1, 2] }, /invalid dimension a string/],
    ['shape not an array', { shape: 3, data: [1, 2, 3] }, /^"shape" must be an array/],
    ['a 1e12-element data shape', { shape: [1_000_000, 1_000_000], data: [] }, /has 1000000000000 elements; the limit is 67108864/],
    ['a 1e12-element base64 shape', { shape: [1e6, 1e6], dtype: 'float32', base64: '' }, /1000000000000 elements/],
    ['an infinite dimension product', { shape: [1e300, 1e300], data: [] }, /Infinity elements/],
    ['dtype float64', { shape: [1], dtype: 'float64', base64: 'AAAAAAAA8D8=' }, /^"dtype" must be "float32".*got a string \("float64"\)$/],
    ['a missing dtype', { shape: [1], base64: 'AACAPw==' }, /"dtype" must be "float32" \(the only stored type\); it is missing/],
    ['base64 of the wrong size', { shape: [2], dtype: 'float32', base64: 'AACAPw==' }, /^"base64" holds 4 bytes, but shape \[2\] needs 8 \(2 float32 values\)$/],
    ['invalid base64', { shape: [1], dtype: 'float32', base64: 'AA*APw==' }, /invalid character "\*" at position 2/],
    ['base64 holding NaN', { shape: [2], dtype: 'float32', base64: b64([1, NaN]) }, /^element 1 of "base64" is not finite \(NaN\)$/],
    ['base64 not a string', { shape: [1], dtype: 'float32', base64: 5 }, /"base64" must be a string/],
    ['both data and base64', { shape: [1], data: [1], base64: 'AACAPw==' }, /both "data" and "base64"/],
    ['an object without data', { shape: [1] }, /needs "shape" and either "data" or "base64"/],
    ['an unknown key', { shape: [1], data: [1], dtype: 'float32' }, /unknown key "dtype"/],
  ])('%s', (_, value, message) => {
    expect(() => parseTensorLiteral(value)).toThrow(LiteralError);
    expect(() => parseTensorLiteral(value)).toThrow(message);
  });

  it('fails fast on a huge declared shape instead of allocating', () => {
    const start = performance.now();
    expect(() => parseTensorLiteral({ shape: [MAX_ELEMENTS + 1], data: [] })).toThrow(LiteralError);
    expect(() => parseTensorLiteral({ shape: [1e4, 1e4, 1e4], dtype: 'float32', base64: 'AAAA' })).toThrow(LiteralError);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('gives one-line messages', () => {
    expect(() => parseTensorLiteral({ shape: [1], data: ['a\nb'] })).toThrow(/^[^\n]*$/);
  });
});

describe('float32Shortest', () => {
  it.each([
    [0.1, 0.1],
    [Math.fround(0.1), 0.1],
    [1 / 3, 0.33333334],
    [-2, -2],
    [16777217, 16777216],
    [-0, 0],
    [65504, 65504],
    [1e-45, 1e-45],
    [3.4028234663852886e38, 3.4028235e38],
    [0.30000001192092896, 0.3],
  ])('%d -> %d', (x, expected) => {
    expect(float32Shortest(x)).toBe(expected);
  });

  it('reads back as the same float32 and is idempotent', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const y = float32Shortest(x);
        expect(Math.fround(y)).toBe(Math.fround(x) === 0 ? 0 : Math.fround(x));
        expect(float32Shortest(y)).toBe(y);
        const digits = String(y).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+|0+$/g, '');
        expect(digits.length).toBeLessThanOrEqual(9);
      }),
    );
  });

  it('passes non-finite values through', () => {
    expect(float32Shortest(Infinity)).toBe(Infinity);
    expect(float32Shortest(1e39)).toBe(Infinity);
    expect(float32Shortest(NaN)).toBeNaN();
  });
});

describe('encodeTensorLiteral', () => {
  it('writes a scalar as a number', () => {
    expect(encodeTensorLiteral([], [0.1])).toBe(0.1);
  });

  it('writes up to 64 elements as nested arrays of shortest numbers', () => {
    expect(encodeTensorLiteral([2, 2], new Float32Array([0.1, 0.2, 0.3, 1 / 3]))).toEqual([
      [0.1, 0.2],
      [0.3, 0.33333334],
    ]);
    const v = encodeTensorLiteral([8, 8], new Float32Array(64).fill(1));
    expect(Array.isArray(v)).toBe(true);
  });

  it('writes more than 64 elements as little-endian base64', () => {
    const data = Float32Array.from({ length: 65 }, (_, i) => i / 7);
    expect(encodeTensorLiteral([5, 13], data)).toEqual({ shape: [5, 13], dtype: 'float32', base64: b64(Array.from(data)) });
  });

  it('keeps zero-size shapes that nesting cannot express', () => {
    expect(encodeTensorLiteral([0, 3], [])).toEqual({ shape: [0, 3], data: [] });
    expect(encodeTensorLiteral([3, 0], [])).toEqual([[], [], []]);
    expect(encodeTensorLiteral([0], [])).toEqual([]);
  });

  it('round-trips through parseTensorLiteral exactly', () => {
    const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 });
    fc.assert(
      fc.property(shapeArb, fc.infiniteStream(fc.float({ noNaN: true, noDefaultInfinity: true })), (shape, values) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = new Float32Array(values.take(n));
        const back = parseTensorLiteral(JSON.parse(JSON.stringify(encodeTensorLiteral(shape, data))));
        expect(back.shape).toEqual(shape);
        // Nested arrays write -0 as 0 (JSON has no -0 worth keeping); base64 keeps it. Both are exact otherwise.
        const noNegZero = (a: Float32Array): number[] => Array.from(a, (x) => (x === 0 ? 0 : x));
        expect(noNegZero(back.data)).toEqual(noNegZero(data));
      }),
      { numRuns: 200 },
    );
  });

  it.each<[string, number[], number[], RegExp]>([
    ['NaN', [2], [1, NaN], /element 1 is not finite \(NaN\)/],
    ['a length mismatch', [2, 2], [1, 2, 3], /data has 3 values, but shape \[2, 2\] needs 4/],
    ['a bad shape', [-1], [], /invalid dimension -1/],
  ])('rejects %s', (_, shape, data, message) => {
    expect(() => encodeTensorLiteral(shape, data)).toThrow(message);
  });
});
