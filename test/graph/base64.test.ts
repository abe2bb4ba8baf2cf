import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64Error, base64ByteLength, decodeBase64, encodeBase64 } from '../../core/graph/base64.js';

describe('base64', () => {
  it('matches Node for every length around the padding boundaries', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
      expect(base64ByteLength(text)).toBe(n);
    }
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it('accepts unpadded input', () => {
    expect(decodeBase64('QUI')).toEqual(Uint8Array.from([65, 66]));
    expect(decodeBase64('QQ')).toEqual(Uint8Array.from([65]));
  });

  it('handles 8 MB quickly and like Node', () => {
    const bytes = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const start = performance.now();
    const text = encodeBase64(bytes);
    const back = decodeBase64(text);
    const ms = performance.now() - start;
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    expect(ms).toBeLessThan(3000);
  });

  it.each([
    ['QU*D', /invalid character "\*" at position 2/],
    ['QU=D', /'=' before the end at position 2/],
    ['QUJDR', /impossible length 5/],
    ['QQ=', /padding is wrong/],
    ['QUJD\n', /invalid character "\\n" at position 4/],
    ['QUJé', /invalid character "é" at position 3/],
    ['QUJD====', /invalid/],
  ])('rejects %j', (text, message) => {
    expect(() => decodeBase64(text)).toThrow(Base64Error);
    expect(() => decodeBase64(text)).toThrow(message);
  });
});
