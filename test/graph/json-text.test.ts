import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSyntaxError } from '../../core/graph/json-syntax.js';
import { formatPath, lineColumn, locate, parseJsonText } from '../../core/graph/json-text.js';
import { formatProblem } from '../../core/graph/types.js';

function firstProblem(text: string, limits = {}): string {
  const r = parseJsonText(text, limits);
  if (r.ok) throw new Error('expected a problem');
  return formatProblem(r.problem);
}

describe('parseJsonText', () => {
  it('parses valid JSON, with or without a byte-order mark', () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each([
    ['{"a": }', 'line 1:7: invalid JSON: unexpected \'}\', expected a value'],
    ['{\n  "a": 1,\n  "b": 2,\n}', "line 4:1: invalid JSON: trailing comma before '}'"],
    ['[1, 2,]', "line 1:7: invalid JSON: trailing comma before ']'"],
    ['{\n  "a": 1\n  "b": 2\n}', "line 3:3: invalid JSON: unexpected '\"', expected ',' or '}'"],
    ['[1 2]', "line 1:4: invalid JSON: unexpected '2', expected ',' or ']'"],
    ['{"a": 1', 'line 1:8: invalid JSON: unexpected end of file; 1 unclosed bracket'],
    ['[[1', 'line 1:4: invalid JSON: unexpected end of file; 2 unclosed brackets'],
    ['', 'line 1:1: invalid JSON: the file is empty'],
    ['  \n ', 'line 2:2: invalid JSON: the file is empty'],
    ['{"a": "x\ny"}', 'line 1:9: invalid JSON: line break inside a string (write it as an escape such as \\n)'],
    ['{"a": "abc', 'line 1:7: invalid JSON: unterminated string'],
    ['{"a": "\\q"}', 'line 1:8: invalid JSON: invalid escape "\\\\q" in a string'],
    ['{"a": "\\u12G4"}', 'line 1:8: invalid JSON: invalid \\u escape in a string'],
    ['{a: 1}', 'line 1:2: invalid JSON: unexpected \'a\', expected a property name in double quotes'],
    ["{'a': 1}", 'line 1:2: invalid JSON: unexpected "\'", expected a property name in double quotes'],
    ['{"a" 1}', "line 1:6: invalid JSON: unexpected '1', expected ':' after the property name"],
    ['{"a": 01}', 'line 1:7: invalid JSON: invalid number "01"'],
    ['{"a": 1.}', 'line 1:7: invalid JSON: invalid number "1."'],
    ['{"a": -}', 'line 1:7: invalid JSON: invalid number "-"'],
    ['{"a": NaN}', 'line 1:7: invalid JSON: unexpected "NaN", expected a value (JSON has no NaN, Infinity or undefined)'],
    ['{"a": -Infinity}', 'line 1:7: invalid JSON: invalid number "-Infinity" (JSON has no NaN, Infinity or undefined)'],
    ['{"a": tru}', 'line 1:7: invalid JSON: unexpected "tru", expected a value'],
    ['{"a": 1} x', "line 1:10: invalid JSON: unexpected 'x' after the end of the data"],
    ['\uFEFF\n  {"a": }', 'line 2:9: invalid JSON: unexpected \'}\', expected a value'],
    ['{\r\n  "a": ?\r\n}', "line 2:8: invalid JSON: unexpected '?', expected a value"],
  ])('reports %j with line and column', (text, expected) => {
    expect(firstProblem(text)).toBe(expected);
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const arb = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', ':', '"', '0', 'x', ' ')).map(([s, i, c]) => {
        const at = i % (s.length + 1);
        return s.slice(0, at) + c + s.slice(at);
      }),
    );
    fc.assert(
      fc.property(arb, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findSyntaxError(text) === undefined).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects deep nesting before parsing, without blowing the stack', () => {
    expect(firstProblem('['.repeat(100_000))).toBe('line 1:65: nesting is deeper than 64 levels');
    expect(firstProblem(`{\n "a":\n  ${'{"b":'.repeat(70)}`)).toBe('line 3:318: nesting is deeper than 64 levels');
    expect(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
  });

  it('does not count brackets inside strings as nesting', () => {
    const text = JSON.stringify({ s: '['.repeat(1000), t: 'a\\"[[[[' });
    expect(parseJsonText(text).ok).toBe(true);
  });

  it('rejects text over the size limit', () => {
    expect(firstProblem('[1, 2, 3]', { maxLength: 4 })).toBe('file is too large (0.0000086 MiB of text); the limit is 0.0000038 MiB');
    expect(firstProblem('x'.repeat(21 * 1024 * 1024), { maxLength: 20 * 1024 * 1024 })).toBe(
      'file is too large (21 MiB of text); the limit is 20 MiB',
    );
  });

  it.each([
    ['{"__proto__": {"x": 1}}', 'line 1:2: the key "__proto__" is not allowed'],
    ['{"nodes": [{}, {}, {"attrs": {"constructor": 1}}]}', 'line 1:31, nodes[2].attrs: the key "constructor" is not allowed'],
    ['{\n  "a": {\n    "prototype": []\n  }\n}', 'line 3:5, a: the key "prototype" is not allowed'],
    ['{"a b": [{"__proto__": null}]}', 'line 1:11, ["a b"][0]: the key "__proto__" is not allowed'],
  ])('rejects forbidden keys: %j', (text, expected) => {
    expect(firstProblem(text)).toBe(expected);
  });

  it('reports every forbidden key and every overflowing number', () => {
    const r = parseJsonText('{\n"a": {"__proto__": 1},\n"b": [1, 1e999],\n"c": {"constructor": {"prototype": 1}}\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      'line 2:7, a: the key "__proto__" is not allowed',
      'line 3:10, b[1]: number is too large (it overflows to Infinity)',
      'line 4:7, c: the key "constructor" is not allowed',
    ]);
  });

  it('keeps the problems list short for hostile input', () => {
    const r = parseJsonText(JSON.stringify(Array.from({ length: 1000 }, () => ({ ['__proto__']: 1 }))).replaceAll('"__proto__"', '"constructor"'));
    expect(r.ok || r.problems.length).toBe(100);
  });
});

describe('locate', () => {
  const text = readFileSync(new URL('../fixtures/v1/contract-example.bpgraph', import.meta.url), 'utf8');
  it.each<[(string | number)[], string]>([
    [[], '1:1'],
    [['format'], '2:3'],
    [['nodes'], '5:3'],
    [['nodes', 0], '6:5'],
    [['nodes', 2, 'attrs', 'value'], '8:44'],
    [['nodes', 3, 'op'], '9:18'],
    [['nodes', 3, 'attrs'], '9:5'],
    [['nodes', 99], '5:3'],
    [['edges', 3, 'port'], '16:31'],
    [['output'], '18:3'],
    [['missing', 'deeper'], '1:1'],
    [['format', 0], '2:3'],
  ])('%j is at %s', (path, expected) => {
    const { line, column } = locate(text, path);
    expect(`${line}:${column}`).toBe(expected);
  });

  it('skips values containing brackets and escaped quotes in strings', () => {
    const t = '{"a": {"s": "}]\\"{", "n": [[1], {"x": "]"}]}, "b": 2}';
    expect(locate(t, ['b'])).toEqual(lineColumn(t, t.indexOf('"b"')));
    expect(locate(t, ['a', 'n', 1, 'x'])).toEqual(lineColumn(t, t.indexOf('"x"')));
  });

  it('does not fail on text that is not JSON', () => {
    expect(locate('', ['a'])).toEqual({});
    expect(locate('{"a": [1, 2', ['a', 5])).toEqual({ line: 1, column: 2 });
    expect(locate('{"a" 1}', ['a'])).toEqual({ line: 1, column: 1 });
  });
});

describe('formatPath', () => {
  it.each<[(string | number)[], string]>([
    [['nodes', 2, 'attrs'], 'nodes[2].attrs'],
    [['training', 'optimizer', 'lr'], 'training.optimizer.lr'],
    [['meta', 'a b'], 'meta["a b"]'],
    [[0, 'x'], '[0].x'],
    [[], ''],
  ])('%j -> %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
