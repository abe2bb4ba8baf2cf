import { truncateSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { bpstudio, example, hasStackTrace, smallGraph, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Graph = ReturnType<typeof smallGraph>;

/** Writes the small graph after `edit`, pretty-printed so that line numbers are meaningful. */
function graphFile(name: string, edit: (g: Graph) => void): string {
  const g = smallGraph();
  edit(g);
  return tmp.file(`${name}.bpgraph`, `${JSON.stringify(g, null, 2)}\n`);
}

/** The small graph's text with one substring replaced, for what JSON.stringify cannot write. */
function textFile(name: string, from: string, to: string): string {
  const text = `${JSON.stringify(smallGraph(), null, 2)}\n`;
  if (!text.includes(from)) throw new Error(`fixture: ${from} not found`);
  return tmp.file(`${name}.bpgraph`, text.replace(from, to));
}

describe('bpstudio validate', () => {
  it('prints ok for every example and exits 0', async () => {
    for (const name of ['add-mul', 'xor-mlp']) {
      const r = await bpstudio(['validate', example(name)]);
      expect(r).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    }
  });

  const cases: [string, () => string, RegExp][] = [
    ['unknown op', () => graphFile('unknown-op', (g) => (g.nodes[2].op = 'ad')), /: node "q": unknown op "ad"$/],
    [
      'cycle, listing its nodes',
      () =>
        graphFile('cycle', (g) => {
          g.nodes.push({ id: 'a', op: 'neg' }, { id: 'b', op: 'neg' });
          g.edges.push({ from: 'a', to: 'b', port: 'x' }, { from: 'b', to: 'a', port: 'x' });
        }),
      /cycle: (a → b → a|b → a → b)$/,
    ],
    [
      'shape mismatch, naming both shapes and the node',
      () =>
        graphFile('shapes', (g) => {
          g.nodes[0] = { id: 'x', op: 'input', attrs: { value: [1, 2] } };
          g.nodes[1] = { id: 'y', op: 'input', attrs: { value: [1, 2, 3] } };
        }),
      /node "q": .*\[2\].*\[3\]/,
    ],
    ['dangling edge', () => graphFile('dangling', (g) => (g.edges[1].from = 'nowhere')), /edge 1.*"nowhere" does not exist/],
    ['two edges into one port', () => graphFile('two-edges', (g) => g.edges.push({ from: 'x', to: 'q', port: 'b' })), /node "q": port "b" has two incoming edges/],
    ['bad JSON, with line and column', () => tmp.file('bad-json.bpgraph', '{\n  "format": "backprop-studio/graph",\n  "nodes": [ { "id": "x" "op": "add" } ]\n}\n'), /: line 3:\d+: invalid JSON/],
    ['__proto__ key', () => textFile('proto', '"output"', '"__proto__": { "polluted": true },\n  "output"'), /line \d+:\d+: the key "__proto__" is not allowed/],
    [
      'param of 1e12 elements',
      () => graphFile('huge', (g) => (g.nodes[0] = { id: 'x', op: 'param', attrs: { shape: [1000000, 1000000] } })),
      /node "x": .*1000000000000 elements; the limit is/,
    ],
    ['NaN literal', () => textFile('nan', '"value": -2', '"value": NaN'), /line \d+:\d+: invalid JSON: .*NaN/],
    ['number overflowing to Infinity', () => textFile('inf', '"value": -2', '"value": 1e999'), /too large \(it overflows to Infinity\)/],
    ['deep nesting', () => textFile('deep', '"value": -2', `"value": ${'['.repeat(200)}1${']'.repeat(200)}`), /nesting is deeper than \d+ levels/],
    ['newer version', () => graphFile('newer', (g) => (g.version = 99)), /version 99, written by a newer Backprop Studio/],
    ['not a graph', () => tmp.file('other.bpgraph', '{ "hello": 1 }\n'), /not a Backprop Studio graph/],
    ['empty file', () => tmp.file('empty.bpgraph', ''), /the file is empty/],
    ['not UTF-8', () => tmp.file('latin1.bpgraph', Buffer.from('{ "meta": "caf\xe9" }', 'latin1')), /is not UTF-8 text \(byte 0xe9 at offset 14\)/],
    [
      'too big a file',
      () => {
        // Sparse: takes no disk space, but stat reports 257 MiB.
        const file = tmp.file('huge-file.bpgraph', '');
        truncateSync(file, 257 * 1024 * 1024);
        return file;
      },
      /: file is too large \(257 MiB; the limit is 256 MiB\)$/,
    ],
    ['missing file', () => `${tmp.dir}/missing.bpgraph`, /missing\.bpgraph: no such file or directory$/],
    ['a directory', () => tmp.dir, /: is a directory, not a graph file$/],
    [
      'bad training block',
      () => graphFile('training', (g) => (g.training = { dataset: { name: 'spiral' }, optimizer: { lr: -1 }, epoch: 3 })),
      /training\./,
    ],
  ];

  it.each(cases)('rejects %s with one line on stderr and exit 1', async (_name, make, pattern) => {
    const file = make();
    const r = await bpstudio(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0].startsWith(`bpstudio: ${file}: `)).toBe(true);
    expect(lines.some((l) => pattern.test(l))).toBe(true);
  });

  it('lists several problems, one per line', async () => {
    const file = graphFile('several', (g) => {
      g.nodes[2].op = 'ad';
      g.nodes.push({ id: 'n', op: 'neg' });
      g.edges.push({ from: 'ghost', to: 'n', port: 'x' });
    });
    const r = await bpstudio(['validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l.startsWith(`bpstudio: ${file}: `)).toBe(true);
    expect(lines.some((l) => l.includes('unknown op "ad"'))).toBe(true);
    expect(lines.some((l) => l.includes('"ghost" does not exist'))).toBe(true);
  });

  it('gives run the same first problem, on one line', async () => {
    const file = graphFile('run-unknown-op', (g) => (g.nodes[2].op = 'ad'));
    const r = await bpstudio(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bpstudio: ${file}: node "q": unknown op "ad"\n`);
  });
});
