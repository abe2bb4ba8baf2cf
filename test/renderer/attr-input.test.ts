import { describe, expect, it } from 'vitest';
import type { AttrSpec } from '../../core/ops/attrs.js';
import { attrPlaceholder, attrText, attrTypeText, parseAttrText } from '../../renderer/model/attr-input.js';
import { getOp } from '../../core/ops/registry.js';
import { createAppStore } from '../../renderer/store/store.js';
import { attrDraftKey } from '../../renderer/store/types.js';
import { example } from './helpers.js';

const alpha: AttrSpec = { type: 'number', default: 0.01, min: 0, description: 'slope' };
const p: AttrSpec = { type: 'number', default: 0.5, min: 0, max: 1, description: 'drop probability' };
const axis: AttrSpec = { type: 'axes', optional: true, description: 'axes' };
const shape: AttrSpec = { type: 'ints', optional: true, description: 'shape' };
const stride: AttrSpec = { type: 'pair', default: 1, min: 1, description: 'stride' };
const keep: AttrSpec = { type: 'bool', default: false, description: 'keep dims' };
const init: AttrSpec = { type: 'enum', values: ['zeros', 'ones'], default: 'zeros', description: 'init' };
const seed: AttrSpec = { type: 'int', optional: true, description: 'seed' };

describe('typed attr fields', () => {
  it.each([
    [alpha, '0.2', 0.2],
    [alpha, '', undefined],
    [axis, '1', 1],
    [axis, '0, 1', [0, 1]],
    [axis, '[0 1]', [0, 1]],
    [shape, '[2, -1]', [2, -1]],
    [stride, '2', 2],
    [stride, '2, 3', [2, 3]],
    [keep, 'true', true],
    [init, 'ones', 'ones'],
    [seed, '7', 7],
  ] as const)('%o reads %s', (spec, text, value) => {
    expect(parseAttrText('a', spec, text)).toEqual({ ok: true, value });
  });

  it.each([
    [alpha, 'abc', 'attr "a" must be a number, got "abc"'],
    [alpha, '-1', 'attr "a" must be >= 0, got -1'],
    [p, '1.5', 'attr "a" must be <= 1, got 1.5'],
    [seed, '1.5', 'attr "a" must be an integer, got 1.5'],
    [shape, '2, x', 'attr "a" must be a list of integers, got "2, x"'],
    [shape, '2.5', 'attr "a" must be a list of integers, got a list'],
    [stride, '0', 'attr "a" must be an integer >= 1 or a pair of them, got 0'],
    [stride, '1, 2, 3', 'attr "a" must be an integer >= 1 or a pair of them, got a list'],
    [init, 'twos', 'attr "a" must be one of zeros, ones, got "twos"'],
  ] as const)('%o refuses %s', (spec, text, message) => {
    expect(parseAttrText('a', spec, text)).toEqual({ ok: false, message });
  });

  it('shows values, defaults and types', () => {
    expect(attrText([2, 3])).toBe('2, 3');
    expect(attrText(undefined)).toBe('');
    expect(attrPlaceholder(alpha)).toBe('0.01');
    expect(attrPlaceholder(axis)).toBe('all');
    expect(attrTypeText(p)).toBe('number, ≥ 0, ≤ 1');
    expect(attrTypeText(init)).toBe('one of zeros, ones');
  });
});

describe("dropout's p, whose range comes from its spec alone", () => {
  const spec = getOp('dropout')?.attrs['p'] as AttrSpec;

  it('says 0 ≤ p < 1 once, without a contradicting description', () => {
    expect(attrTypeText(spec)).toBe('number, ≥ 0, < 1');
    expect(spec.description).not.toMatch(/[≤<≥>]/);
  });

  it('refuses 1 and 2 with the reason, and accepts 0 and 0.99', () => {
    expect(parseAttrText('p', spec, '2')).toEqual({ ok: false, message: 'attr "p" must be < 1, got 2' });
    expect(parseAttrText('p', spec, '1')).toEqual({ ok: false, message: 'attr "p" must be < 1, got 1' });
    expect(parseAttrText('p', spec, '0')).toEqual({ ok: true, value: 0 });
    expect(parseAttrText('p', spec, '0.99')).toEqual({ ok: true, value: 0.99 });
  });

  it('keeps a refused text in the store for every field of that attr until it is cleared', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().setAttrDraft('d', 'p', { text: '2', message: 'attr "p" must be < 1, got 2' });
    expect(store.getState().attrDrafts.get(attrDraftKey('d', 'p'))?.text).toBe('2');
    store.getState().setAttrDraft('d', 'p', null);
    expect(store.getState().attrDrafts.size).toBe(0);
  });
});
