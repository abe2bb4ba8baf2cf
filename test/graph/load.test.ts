import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, loadGraphText } from '../../core/graph/load.js';
import { formatProblem } from '../../core/graph/types.js';

const HEAD = '"format": "backprop-studio/graph", "version": 1';

/** A one-line document text with the given top-level members after format and version. */
function doc(members: string): string {
  return `{ ${HEAD}, ${members} }`;
}

const GOOD_NODES = '"nodes": [{ "id": "x", "op": "input", "attrs": { "value": 2 } }, { "id": "y", "op": "neg" }]';
const GOOD_EDGES = '"edges": [{ "from": "x", "to": "y", "port": "x" }]';

/** Every problem, formatted, with the `line L:C, ` prefix dropped where a case does not care about it. */
function problems(text: string, withLines: boolean): string[] {
  const r = loadGraphText(text);
  if (r.ok) return [];
  return r.problems.map(formatProblem).map((p) => (withLines ? p : p.replace(/^line \d+:\d+(, |: )/, '')));
}

describe('loadGraphText rejects', () => {
  it.each<[string, string, string[]]>([
    ['a syntax error', '{\n  "format": "backprop-studio/graph",\n  "version": 1,,\n}', ["line 3:16: invalid JSON: unexpected ',', expected a property name in double quotes"]],
    ['deep nesting', `${'['.repeat(100_000)}`, ['line 1:65: nesting is deeper than 64 levels']],
    ['a __proto__ key', `{\n  ${HEAD},\n  "nodes": [{ "id": "x", "op": "input", "attrs": { "__proto__": { "polluted": 1 } } }]\n}`, ['line 3:52, nodes[0].attrs: the key "__proto__" is not allowed']],
    ['a number that overflows', doc(`"nodes": [{ "id": "x", "op": "const", "attrs": { "value": [1, 1e400] } }], "edges": [], "output": "x"`), ['line 1:114, nodes[0].attrs.value[1]: number is too large (it overflows to Infinity)']],
    ['a newer version', '{\n  "format": "backprop-studio/graph",\n  "version": 7\n}', ['line 3:3, version: this file is version 7, written by a newer Backprop Studio; this build reads versions up to 1']],
    ['version 0', '{ "format": "backprop-studio/graph", "version": 0 }', ['line 1:38, version: "version" 0 is not valid; versions start at 1']],
    ['a fractional version', '{ "format": "backprop-studio/graph", "version": 1.5 }', ['line 1:38, version: "version" must be a whole number, got 1.5']],
    ['a missing version', '{ "format": "backprop-studio/graph" }', ['line 1:1, version: missing required field "version"']],
    ['a wrong format', '{\n  "format": "excalidraw",\n  "version": 1\n}', ['line 2:3, format: not a Backprop Studio graph (format is "excalidraw")']],
    ['a missing format', '{ "version": 1, "nodes": [] }', ['line 1:1, format: not a Backprop Studio graph (format is missing)']],
    ['an array', '[1, 2]', ['not a Backprop Studio graph (expected a JSON object, got an array)']],
    ['a bare string', '"hello"', ['not a Backprop Studio graph (expected a JSON object, got a string ("hello"))']],
  ])('%s', (_, text, expected) => {
    expect(problems(text, true)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['a missing output', doc(`${GOOD_NODES}, ${GOOD_EDGES}`), ['output: missing required field "output"']],
    ['missing nodes and edges', doc('"output": "y"'), ['nodes: missing required field "nodes"', 'edges: missing required field "edges"']],
    ['an output of the wrong type', doc(`${GOOD_NODES}, ${GOOD_EDGES}, "output": 3`), ['output: output must be a string, got the number 3']],
    ['nodes not an array', doc(`"nodes": {}, ${GOOD_EDGES}, "output": "y"`), ['nodes: nodes must be an array, got an object']],
    ['a node that is not an object', doc(`"nodes": [5], "edges": [], "output": "y"`), ['nodes[0]: each node must be an object, got the number 5']],
    ['an op of the wrong type', doc(`"nodes": [{ "id": "q", "op": 3 }], "edges": [], "output": "q"`), ['node "q": op must be a string, got the number 3']],
    ['a missing op', doc(`"nodes": [{ "id": "q" }], "edges": [], "output": "q"`), ['node "q": missing required field "op"']],
    ['attrs that are not an object', doc(`"nodes": [{ "id": "q", "op": "add", "attrs": [1] }], "edges": [], "output": "q"`), ['node "q": attrs must be an object, got an array']],
    ['ui that is null', doc(`"nodes": [{ "id": "q", "op": "add", "ui": null }], "edges": [], "output": "q"`), ['node "q": ui must be an object, got null']],
    ['an empty id', doc(`"nodes": [{ "id": "", "op": "add" }], "edges": [], "output": "q"`), ['nodes[0].id: id must not be empty']],
    ['a missing id', doc(`"nodes": [{ "op": "add" }], "edges": [], "output": "q"`), ['nodes[0].id: missing required field "id"']],
    ['a numeric id', doc(`"nodes": [{ "id": 7, "op": "add" }], "edges": [], "output": "q"`), ['nodes[0].id: id must be a string, got the number 7']],
    [
      'duplicate ids',
      doc(`"nodes": [{ "id": "a", "op": "input" }, { "id": "b", "op": "neg" }, { "id": "a", "op": "neg" }, { "id": "a", "op": "exp" }], "edges": [], "output": "a"`),
      ['node "a": duplicate node id "a" (also used by nodes[0])', 'node "a": duplicate node id "a" (also used by nodes[0])'],
    ],
    ['an edge with a missing port', doc(`${GOOD_NODES}, "edges": [{ "from": "x", "to": "y" }], "output": "y"`), ['edge 0: missing required field "port"']],
    ['an edge of the wrong type', doc(`${GOOD_NODES}, "edges": [{ "from": "x", "to": "y", "port": "x" }, { "from": ["x"], "to": "y", "port": 1 }], "output": "y"`), ['edge 1: from must be a string, got an array', 'edge 1: port must be a string, got the number 1']],
    ['an edge that is not an object', doc(`${GOOD_NODES}, "edges": ["x->y"], "output": "y"`), ['edge 0: each edge must be an object, got a string ("x->y")']],
    ['a bad mode', doc(`${GOOD_NODES}, ${GOOD_EDGES}, "output": "y", "mode": "training"`), ['mode: mode must be "train" or "eval", got a string ("training")']],
    ['meta that is a string', doc(`"meta": "x", ${GOOD_NODES}, ${GOOD_EDGES}, "output": "y"`), ['meta: meta must be an object, got a string ("x")']],
    ['training that is an array', doc(`${GOOD_NODES}, ${GOOD_EDGES}, "output": "y", "training": []`), ['training: training must be an object, got an array']],
  ])('%s', (_, text, expected) => {
    expect(problems(text, false)).toEqual(expected);
  });

  it('collects every problem, in file order, with lines', () => {
    const text = [
      '{',
      `  ${HEAD},`,
      '  "mode": "fast",',
      '  "nodes": [',
      '    { "id": "a", "op": "input" },',
      '    { "id": "a", "op": 1 },',
      '    { "id": "", "op": "neg", "attrs": 3 }',
      '  ],',
      '  "edges": [{ "from": "a", "to": 2, "port": "x" }]',
      '}',
    ].join('\n');
    expect(problems(text, true)).toEqual([
      'line 1:1, output: missing required field "output"',
      'line 3:3, mode: mode must be "train" or "eval", got a string ("fast")',
      'line 6:7, node "a": duplicate node id "a" (also used by nodes[0])',
      'line 6:18, node "a": op must be a string, got the number 1',
      'line 7:7, nodes[2].id: id must not be empty',
      'line 7:30, nodes[2].attrs: attrs must be an object, got the number 3',
      'line 9:28, edge 0: to must be a string, got the number 2',
    ]);
  });

  it('caps a flood of problems with a summary line', () => {
    // 5000 bad ops and 4999 duplicate ids.
    const nodes = Array.from({ length: 5000 }, () => ({ id: 'same', op: 1 }));
    const r = loadGraphText(JSON.stringify({ format: 'backprop-studio/graph', version: 1, nodes, edges: [], output: 'same' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(MAX_PROBLEMS);
    expect(r.problems[MAX_PROBLEMS - 1].message).toBe(`...and ${9999 - (MAX_PROBLEMS - 1)} more problems`);
  });

  it('never throws on arbitrary text', () => {
    for (const text of ['', 'null', '0', 'true', '{}', '[]', '{"format": null}', '{"format": "backprop-studio/graph", "version": 1, "nodes": null}', '\uFEFF', '\u0000']) {
      expect(loadGraphText(text).ok).toBe(false);
    }
  });
});

describe('loadGraphText accepts', () => {
  it('a minimal document and keeps optional fields absent', () => {
    const r = loadGraphText(doc(`${GOOD_NODES}, ${GOOD_EDGES}, "output": "y"`));
    expect(r).toEqual({
      ok: true,
      doc: {
        format: 'backprop-studio/graph',
        version: 1,
        nodes: [{ id: 'x', op: 'input', attrs: { value: 2 } }, { id: 'y', op: 'neg' }],
        edges: [{ from: 'x', to: 'y', port: 'x' }],
        output: 'y',
      },
    });
  });

  it('keeps unknown fields in extra, at the top level and in nodes and edges', () => {
    const text = readFileSync(new URL('../fixtures/v1/unknown-fields.bpgraph', import.meta.url), 'utf8');
    const r = loadGraphText(text);
    if (!r.ok) throw new Error('expected ok');
    expect(r.doc.extra).toEqual({ comments: [], 'x-layout': { direction: 'LR', spacing: [40, 80], groups: [{ name: 'g', members: ['x', 'r'] }] } });
    expect(r.doc.nodes[0].extra).toEqual({ color: '#ff0000', comment: 'kept verbatim' });
    expect(r.doc.nodes[2].extra).toBeUndefined();
    expect(r.doc.edges[0].extra).toEqual({ label: 'pre-activation' });
    expect(r.doc.mode).toBe('eval');
  });

  it('a byte-order mark and CRLF line ends', () => {
    const text = readFileSync(new URL('../fixtures/v1/handwritten-crlf-bom.bpgraph', import.meta.url), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const r = loadGraphText(text);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    expect(r.doc.nodes.map((n) => n.id)).toEqual(['w', 't', 'loss']);
    expect(r.doc.meta).toEqual({});
  });
});

describe('bad fixtures', () => {
  const expected: Record<string, string> = {
    'syntax-error.bpgraph': "line 7:5: invalid JSON: unexpected '{', expected ',' or ']'",
    'newer-version.bpgraph': 'line 3:3, version: this file is version 2, written by a newer Backprop Studio; this build reads versions up to 1',
    'duplicate-id.bpgraph': 'line 7:7, node "x": duplicate node id "x" (also used by nodes[0])',
    'wrong-format.bpgraph': 'line 2:3, format: not a Backprop Studio graph (format is "tensorboard/graph")',
    'proto-key.bpgraph': 'line 6:42, nodes[1].attrs: the key "__proto__" is not allowed',
  };
  const dir = new URL('../fixtures/bad/', import.meta.url);

  it('has an expectation for every file', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', (file, message) => {
    const r = loadGraphText(readFileSync(new URL(file, dir), 'utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatProblem(r.problems[0])).toBe(message);
  });
});
