import { describe, expect, it } from 'vitest';
import { parseTensorLiteral } from '../../core/graph/literal.js';
import { formatNumber, literalLike, literalText, parseValueText, previewValues, summarizeLiteral } from '../../renderer/model/tensor-text.js';

describe('tensor values in the editor', () => {
  it('formats numbers compactly', () => {
    expect(formatNumber(-12)).toBe('-12');
    expect(formatNumber(0.731058)).toBe('0.731');
    expect(formatNumber(1.2e-7)).toBe('1.2e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(previewValues([4], [1, 2, 3, 4])).toBe('[1, 2, 3, …]');
  });

  it('reads numbers, JSON and bare lists, and refuses what core refuses', () => {
    expect(parseValueText('-2')).toEqual({ ok: true, value: -2 });
    expect(parseValueText('1, 2, 3')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseValueText('[[1, 2], [3, 4]]')).toEqual({ ok: true, value: [[1, 2], [3, 4]] });
    expect(parseValueText('')).toEqual({ ok: true, value: undefined });
    expect(parseValueText('[[1, 2], [3]]')).toEqual({ ok: false, message: 'row 1 has 1 value, expected 2' });
    const bad = parseValueText('[1, 2');
    expect(bad.ok).toBe(false);
    expect(parseValueText('{"shape": [2], "data": [1]}')).toEqual({ ok: false, message: '"data" has 1 value, but shape [2] needs 2' });
  });

  it('summarises large stored weights instead of dumping them', () => {
    const big = literalLike({ shape: [1], dtype: 'float32', base64: 'AACAPw==' }, [100, 50], new Float32Array(5000).fill(0.5));
    expect(summarizeLiteral(big)).toBe('[100, 50] base64, mean 0.5');
    expect(literalText(big)).toBeUndefined();
    expect(literalText([1, 2])).toBe('[1,2]');
  });

  it('writes edited data back in the form the value was stored in', () => {
    expect(literalLike(-2, [], [3])).toBe(3);
    expect(literalLike([[1, 2], [3, 4]], [2, 2], [5, 6, 7, 8])).toEqual([[5, 6], [7, 8]]);
    expect(literalLike({ shape: [2], data: [0, 0] }, [2], [1, 2])).toEqual({ shape: [2], data: [1, 2] });
    const b64 = literalLike({ shape: [2], dtype: 'float32', base64: 'AAAAAAAAAAA=' }, [2], [1, 2]);
    expect(Array.from(parseTensorLiteral(b64).data)).toEqual([1, 2]);
  });
});
