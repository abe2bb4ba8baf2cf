/**
 * GraphDoc → file text: stable key order and one line per node and edge, so
 * that a change to one node is a one-line diff. Always writes the current
 * version. Refuses (throws GraphError) values JSON cannot hold, rather than
 * writing `null` in their place.
 */

import { MAX_DEPTH, formatPath } from './json-text.js';
import type { JsonPath } from './json-text.js';
import { float32Shortest } from './literal.js';
import { DOC_KEYS, EDGE_KEYS, NODE_KEYS } from './schema.js';
import { GRAPH_FORMAT, GRAPH_VERSION, GraphError } from './types.js';
import type { GraphDoc } from './types.js';

/** Ops whose `attrs.value` is a tensor literal, written with float32-shortest numbers. */
const LITERAL_OPS: ReadonlySet<string> = new Set(['input', 'const', 'param']);
const LITERAL_KEY_ORDER = ['shape', 'dtype', 'base64', 'data'];

/** Serialises a document as UTF-8-ready JSON text ending in a newline. Throws GraphError for unsavable values. */
export function writeGraph(doc: GraphDoc): string {
  const lines: string[] = [];
  const member = (key: string, text: string): void => {
    lines.push(`  ${JSON.stringify(key)}: ${text}`);
  };
  member('format', JSON.stringify(GRAPH_FORMAT));
  member('version', String(GRAPH_VERSION));
  if (doc.meta !== undefined) member('meta', inline(doc.meta, ['meta'], 2));
  if (doc.mode !== undefined) member('mode', JSON.stringify(doc.mode));
  member('nodes', list(doc.nodes.map((node, i) => nodeLine(node, i))));
  member('edges', list(doc.edges.map((edge, i) => entryLine(edge, EDGE_KEYS, ['edges', i]))));
  member('output', JSON.stringify(doc.output));
  if (doc.training !== undefined) member('training', pretty(doc.training, ['training'], 2, '  ', true));
  for (const key of Object.keys(doc.extra ?? {}).sort()) {
    // A known name in `extra` would be written twice; the typed field wins.
    if ((DOC_KEYS as readonly string[]).includes(key)) continue;
    const value = doc.extra?.[key];
    if (value !== undefined) member(key, pretty(value, [key], 2, '  ', true));
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}

function list(items: string[]): string {
  return items.length ? `[\n${items.map((s) => `    ${s}`).join(',\n')}\n  ]` : '[]';
}

function nodeLine(node: GraphDoc['nodes'][number], i: number): string {
  const attrs = node.attrs === undefined ? undefined : sortedAttrs(node.attrs, LITERAL_OPS.has(node.op));
  const entry = { ...node, attrs };
  return entryLine(entry, NODE_KEYS, ['nodes', i]);
}

/** Known keys in their fixed order, then `extra` keys sorted, all on one line. */
function entryLine(entry: { readonly extra?: Readonly<Record<string, unknown>> }, keys: readonly string[], path: JsonPath): string {
  const fields = entry as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of keys) {
    if (fields[key] !== undefined) parts.push(`${JSON.stringify(key)}: ${inline(fields[key], [...path, key], 4)}`);
  }
  for (const key of Object.keys(entry.extra ?? {}).sort()) {
    const value = entry.extra?.[key];
    if (!keys.includes(key) && value !== undefined) parts.push(`${JSON.stringify(key)}: ${inline(value, [...path, key], 4)}`);
  }
  return `{ ${parts.join(', ')} }`;
}

function sortedAttrs(attrs: Readonly<Record<string, unknown>>, literal: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(attrs).sort()) out[key] = literal && key === 'value' ? canonicalLiteral(attrs[key]) : attrs[key];
  return out;
}

/**
 * Float32-shortest numbers and shape/dtype/base64/data key order. Anything
 * malformed is left as it is for the engine to report; past MAX_DEPTH (a value
 * that contains itself) too, and `inline` then refuses it.
 */
function canonicalLiteral(v: unknown, depth = 0): unknown {
  if (typeof v === 'number') return Number.isFinite(Math.fround(v)) ? float32Shortest(v) : v;
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((item: unknown) => canonicalLiteral(item, depth + 1));
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key of LITERAL_KEY_ORDER) if (key in v) out[key] = key === 'data' ? canonicalLiteral(v[key], depth + 1) : v[key];
  for (const key of Object.keys(v)) if (!LITERAL_KEY_ORDER.includes(key)) out[key] = v[key];
  return out;
}

/** One-line JSON with a space inside braces and after separators: `{ "a": [1, 2] }`. */
function inline(v: unknown, path: JsonPath, depth: number): string {
  const scalar = scalarText(v, path, depth);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(v)) return `[${v.map((item, i) => inline(item, [...path, i], depth + 1)).join(', ')}]`;
  const entries = objectEntries(v, path);
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, item]) => `${JSON.stringify(k)}: ${inline(item, [...path, k], depth + 1)}`).join(', ')} }`;
}

/**
 * Multi-line JSON with 2-space indent. Arrays of scalars (and of such arrays)
 * and objects holding only such values stay on one line, as in
 * `"optimizer": { "type": "sgd", "lr": 0.1 }`; `open` forces the outermost
 * object onto several lines (the training block always is).
 */
function pretty(v: unknown, path: JsonPath, depth: number, indent: string, open = false): string {
  const scalar = scalarText(v, path, depth);
  if (scalar !== undefined) return scalar;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (!v.length || v.every(isFlat)) return inline(v, path, depth);
    return `[\n${v.map((item, i) => inner + pretty(item, [...path, i], depth + 1, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = objectEntries(v, path);
  if (!entries.length) return '{}';
  if (!open && entries.every(([, item]) => isFlat(item))) return inline(v, path, depth);
  const body = entries.map(([k, item]) => `${inner}${JSON.stringify(k)}: ${pretty(item, [...path, k], depth + 1, inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

function isFlat(v: unknown): boolean {
  return Array.isArray(v) ? v.every(isFlat) : typeof v !== 'object' || v === null;
}

/**
 * Text of a scalar, undefined for arrays and objects; throws for what JSON
 * cannot hold. `depth` is the nesting level `v` opens if it is a container
 * (the document itself is level 1), as the loader counts it.
 */
function scalarText(v: unknown, path: JsonPath, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) unsavable(path, `is ${v}, which a file cannot store`);
      return JSON.stringify(v);
    case 'undefined':
      // Only reachable inside arrays (object members that are undefined are skipped), where JSON writes null.
      return 'null';
    case 'object':
      if (v === null) return 'null';
      // The loader refuses deeper files; this also stops a value that contains itself.
      if (depth > MAX_DEPTH) unsavable(path, `is nested deeper than ${MAX_DEPTH} levels (or contains itself)`);
      if (!Array.isArray(v) && !isPlainObject(v)) {
        const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        unsavable(path, `is a ${name}; only plain objects, arrays, strings, numbers, booleans and null can be saved`);
      }
      return undefined;
    default:
      return unsavable(path, `is a ${typeof v}, which a file cannot store`);
  }
}

function objectEntries(v: unknown, path: JsonPath): [string, unknown][] {
  if (!isPlainObject(v)) return unsavable(path, 'is not a plain object');
  return Object.entries(v).filter(([, item]) => item !== undefined);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function unsavable(path: JsonPath, why: string): never {
  throw new GraphError([{ message: `cannot save: ${formatPath(path)} ${why}`, path: formatPath(path) }]);
}
