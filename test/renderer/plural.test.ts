import { describe, expect, it } from 'vitest';
import { count } from '../../renderer/model/plural.js';

describe('count', () => {
  it.each([
    [0, 'node', '0 nodes'],
    [1, 'node', '1 node'],
    [2, 'edge', '2 edges'],
    [1, 'problem', '1 problem'],
    [7, 'problem', '7 problems'],
  ])('%i %s → %s', (n, noun, text) => {
    expect(count(n, noun)).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(count(3, 'matrix', 'matrices')).toBe('3 matrices');
  });
});
