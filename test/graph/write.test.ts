import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_KEYS } from '../../core/graph/json-text.js';
import { loadGraphText } from '../../core/graph/load.js';
import { DOC_KEYS, EDGE_KEYS, NODE_KEYS } from '../../core/graph/schema.js';
import { GraphError, type GraphDoc } from '../../core/graph/types.js';
import { writeGraph } from '../../core/graph/write.js';

const V1 = new URL('../fixtures/v1/', import.meta.url);

function load(text: string): GraphDoc {
  const r = loadGraphText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.doc;
}

function base(partial: Partial<GraphDoc>): GraphDoc {
  return { format: 'backprop-studio/graph', version: 1, nodes: [], edges: [], output: '', ...partial };
}

describe('writeGraph', () => {
  it('writes the contract example byte for byte', () => {
    const text = readFileSync(new URL('contract-example.bpgraph', V1), 'utf8');
    expect(writeGraph(load(text))).toBe(text);
  });

  const canonical = readdirSync(V1).filter((f) => f.endsWith('.bpgraph') && !f.startsWith('handwritten-'));
  it.each(canonical)('round-trips %s byte for byte', (file) => {
    const text = readFileSync(new URL(file, V1), 'utf8');
    expect(writeGraph(load(text))).toBe(text);
  });

  it('normalises a hand-written file into the canonical layout', () => {
    const text = readFileSync(new URL('handwritten-crlf-bom.bpgraph', V1), 'utf8');
    expect(writeGraph(load(text))).toBe(
      [
        '{',
        '  "format": "backprop-studio/graph",',
        '  "version": 1,',
        '  "meta": {},',
        '  "nodes": [',
        '    { "id": "w", "op": "param", "attrs": { "value": { "shape": [2], "data": [0.3, -1.5] } } },',
        '    { "id": "t", "op": "const", "attrs": { "value": [1, 2] } },',
        '    { "id": "loss", "op": "mse", "ui": { "y": 10, "x": 20 } }',
        '  ],',
        '  "edges": [',
        '    { "from": "w", "to": "loss", "port": "pred" },',
        '    { "from": "t", "to": "loss", "port": "target" }',
        '  ],',
        '  "output": "loss"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('orders keys: known fields first, attrs and extra fields sorted', () => {
    const doc = base({
      extra: { zeta: 1, alpha: { b: [1, 2], a: 'x' } },
      training: { seed: 1, optimizer: { type: 'adam', lr: 0.001 }, dataset: { name: 'moons', options: { noise: 0.1 } } },
      output: 'n',
      nodes: [{ id: 'n', op: 'leaky_relu', extra: { z: 1, a: 2 }, ui: { x: 1 }, attrs: { alpha: 0.30000001192092896, a: true } }],
      edges: [{ port: 'x', extra: { note: 'n' }, to: 'n', from: 'm' }],
      mode: 'train',
      meta: { name: 'm' },
      version: 0,
    });
    expect(writeGraph(doc)).toBe(
      [
        '{',
        '  "format": "backprop-studio/graph",',
        '  "version": 1,',
        '  "meta": { "name": "m" },',
        '  "mode": "train",',
        '  "nodes": [',
        '    { "id": "n", "op": "leaky_relu", "attrs": { "a": true, "alpha": 0.30000001192092896 }, "ui": { "x": 1 }, "a": 2, "z": 1 }',
        '  ],',
        '  "edges": [',
        '    { "from": "m", "to": "n", "port": "x", "note": "n" }',
        '  ],',
        '  "output": "n",',
        '  "training": {',
        '    "seed": 1,',
        '    "optimizer": { "type": "adam", "lr": 0.001 },',
        '    "dataset": {',
        '      "name": "moons",',
        '      "options": { "noise": 0.1 }',
        '    }',
        '  },',
        '  "alpha": {',
        '    "b": [1, 2],',
        '    "a": "x"',
        '  },',
        '  "zeta": 1',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes tensor literals of source ops as shortest float32 decimals', () => {
    const doc = base({
      nodes: [
        { id: 'a', op: 'const', attrs: { value: [[0.10000000149011612, 1 / 3]] } },
        { id: 'b', op: 'param', attrs: { value: { data: [Math.fround(0.7)], shape: [1] } } },
        { id: 'c', op: 'input', attrs: { value: 1e39, shape: [0.1] } },
        { id: 'd', op: 'input', attrs: { value: ['x', null] } },
      ],
    });
    const lines = writeGraph(doc).split('\n');
    expect(lines[4]).toBe('    { "id": "a", "op": "const", "attrs": { "value": [[0.1, 0.33333334]] } },');
    expect(lines[5]).toBe('    { "id": "b", "op": "param", "attrs": { "value": { "shape": [1], "data": [0.7] } } },');
    // Out-of-range and malformed literals are left for the engine to report.
    expect(lines[6]).toBe('    { "id": "c", "op": "input", "attrs": { "shape": [0.1], "value": 1e+39 } },');
    expect(lines[7]).toBe('    { "id": "d", "op": "input", "attrs": { "value": ["x", null] } }');
  });

  it('writes empty lists and skips undefined fields', () => {
    const doc = base({ meta: { a: undefined, b: [undefined, 1] }, nodes: [{ id: 'x', op: 'input', attrs: undefined, ui: {} }] });
    expect(writeGraph(doc)).toBe(
      [
        '{',
        '  "format": "backprop-studio/graph",',
        '  "version": 1,',
        '  "meta": { "b": [null, 1] },',
        '  "nodes": [',
        '    { "id": "x", "op": "input", "ui": {} }',
        '  ],',
        '  "edges": [],',
        '  "output": ""',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('ignores extra fields that shadow known ones', () => {
    const doc = base({ output: 'y', extra: { output: 'z', nodes: 1 }, edges: [{ from: 'a', to: 'b', port: 'x', extra: { port: 'y' } }] });
    const text = writeGraph(doc);
    expect(text.match(/"output"/g)).toHaveLength(1);
    expect(text).toContain('{ "from": "a", "to": "b", "port": "x" }');
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push(cyclicArray);
  it.each<[string, GraphDoc, string]>([
    ['NaN', base({ nodes: [{ id: 'x', op: 'const', attrs: { value: [1, NaN] } }] }), 'cannot save: nodes[0].attrs.value[1] is NaN, which a file cannot store'],
    ['Infinity', base({ training: { lr: Infinity } }), 'cannot save: training.lr is Infinity, which a file cannot store'],
    ['a typed array', base({ nodes: [{ id: 'x', op: 'const', attrs: { value: new Float32Array(2) } }] }), 'cannot save: nodes[0].attrs.value is a Float32Array; only plain objects, arrays, strings, numbers, booleans and null can be saved'],
    ['a Map', base({ meta: { m: new Map() } }), 'cannot save: meta.m is a Map; only plain objects, arrays, strings, numbers, booleans and null can be saved'],
    ['a bigint', base({ meta: { n: 1n } }), 'cannot save: meta.n is a bigint, which a file cannot store'],
    ['a function', base({ extra: { f: () => 1 } }), 'cannot save: f is a function, which a file cannot store'],
    ['a cycle', base({ meta: cyclic }), 'is nested deeper than 64 levels (or contains itself)'],
    ['a cycle in a literal', base({ nodes: [{ id: 'x', op: 'const', attrs: { value: [cyclicArray] } }] }), 'contains itself'],
  ])('refuses %s with a GraphError', (_, doc, message) => {
    expect(() => writeGraph(doc)).toThrow(GraphError);
    expect(() => writeGraph(doc)).toThrow(message);
  });
});

describe('write -> load -> write', () => {
  const safeKey = (reserved: readonly string[]) =>
    fc.string({ maxLength: 8 }).filter((k) => !FORBIDDEN_KEYS.has(k) && !reserved.includes(k));
  const hasForbiddenKey = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => FORBIDDEN_KEYS.has(k) || hasForbiddenKey(x));
  const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !hasForbiddenKey(v));
  const dict = (reserved: readonly string[] = []) => fc.dictionary(safeKey(reserved), json, { maxKeys: 4 });
  const literal = fc.oneof(
    fc.float({ noNaN: true, noDefaultInfinity: true }),
    fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 6 }),
    fc.array(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 2 }), { maxLength: 3 }),
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 4 }).map((data) => ({ data, shape: [data.length] })),
  );
  const node = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 6 }),
      op: fc.constantFrom('input', 'const', 'param', 'add', 'relu', 'custom op'),
      attrs: fc.oneof(dict(['value']), fc.tuple(dict(['value']), literal).map(([d, value]) => ({ ...d, value }))),
      ui: dict(),
      extra: dict([...NODE_KEYS]).filter((d) => Object.keys(d).length > 0),
    },
    { requiredKeys: ['id', 'op'] },
  );
  const edge = fc.record(
    { from: fc.string(), to: fc.string(), port: fc.string(), extra: dict([...EDGE_KEYS]).filter((d) => Object.keys(d).length > 0) },
    { requiredKeys: ['from', 'to', 'port'] },
  );
  const doc = fc.record(
    {
      format: fc.constant('backprop-studio/graph' as const),
      version: fc.constant(1),
      meta: dict(),
      mode: fc.constantFrom('train' as const, 'eval' as const),
      nodes: fc.uniqueArray(node, { selector: (n) => n.id, maxLength: 5 }),
      edges: fc.array(edge, { maxLength: 4 }),
      output: fc.string(),
      training: dict(),
      extra: dict([...DOC_KEYS]).filter((d) => Object.keys(d).length > 0),
    },
    { requiredKeys: ['format', 'version', 'nodes', 'edges', 'output'] },
  );

  it('is stable for random documents, and keeps what is not a literal exactly', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const first = writeGraph(d);
        const loaded = load(first);
        expect(writeGraph(loaded)).toBe(first);
        const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));
        expect(plain(loaded.extra)).toEqual(plain(d.extra));
        expect(plain(loaded.training)).toEqual(plain(d.training));
        expect(loaded.nodes.map((n) => plain(n.ui))).toEqual(d.nodes.map((n) => plain(n.ui)));
        expect(loaded.edges).toEqual(JSON.parse(JSON.stringify(d.edges)));
      }),
      { numRuns: 300 },
    );
  });
});
