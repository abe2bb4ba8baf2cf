/**
 * The structure of a `.bpgraph` document (contract.md section 1) as zod
 * schemas, and the mapping of zod's issues to user-facing Problems. Only the
 * structure is checked here; op names, ports, attrs, cycles and shapes are the
 * engine's business. Unknown fields are allowed and kept in `extra`.
 */

import { z } from 'zod';
import { describeValue as describe, formatPath, locate } from './json-text.js';
import type { JsonPath } from './json-text.js';
import { GRAPH_FORMAT } from './types.js';
import type { GraphDoc, GraphEdge, GraphNode, Problem } from './types.js';

const object = z.record(z.string(), z.unknown());

export const NODE_KEYS = ['id', 'op', 'attrs', 'ui'] as const;
export const EDGE_KEYS = ['from', 'to', 'port'] as const;
export const DOC_KEYS = ['format', 'version', 'meta', 'mode', 'nodes', 'edges', 'output', 'training'] as const;

export const nodeSchema = z.looseObject({
  id: z.string().min(1),
  op: z.string(),
  attrs: object.optional(),
  ui: object.optional(),
});

export const edgeSchema = z.looseObject({ from: z.string(), to: z.string(), port: z.string() });

export const graphDocSchema = z.looseObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.number().int(),
  meta: object.optional(),
  mode: z.enum(['train', 'eval']).optional(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  output: z.string(),
  training: object.optional(),
});

/** Beyond this many problems we stop computing line numbers (each is a scan of the text). */
const MAX_LOCATED = 100;

/**
 * The format check on its own, run before migrations because `version` only
 * means something once we know the file is ours. Returns a problem or undefined.
 */
export function checkFormat(raw: unknown): Problem | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { message: `not a Backprop Studio graph (expected a JSON object, got ${describe(raw)})` };
  }
  const format = (raw as Record<string, unknown>).format;
  if (format === GRAPH_FORMAT) return undefined;
  return { message: formatMessage(format), path: 'format' };
}

function formatMessage(format: unknown): string {
  return `not a Backprop Studio graph (format is ${format === undefined ? 'missing' : JSON.stringify(format)})`;
}

/**
 * Validates a migrated document and builds the GraphDoc, moving unknown
 * fields into `extra`. With `text`, problems also carry line and column.
 */
export function validateGraphDoc(raw: unknown, text?: string): { ok: true; doc: GraphDoc } | { ok: false; problems: Problem[] } {
  const result = graphDocSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue, k) => {
      const p = issueToProblem(issue.path as JsonPath, issue, raw);
      return text !== undefined && k < MAX_LOCATED ? { ...p, ...locate(text, issue.path as JsonPath) } : p;
    });
    return { ok: false, problems };
  }
  const d = result.data;
  const nodes = d.nodes.map((n): GraphNode => {
    const { known, extra } = split(n, NODE_KEYS);
    return { id: n.id, op: n.op, ...pick(known, 'attrs'), ...pick(known, 'ui'), ...(extra ? { extra } : {}) };
  });
  const edges = d.edges.map((e): GraphEdge => {
    const { extra } = split(e, EDGE_KEYS);
    return { from: e.from, to: e.to, port: e.port, ...(extra ? { extra } : {}) };
  });
  const { known, extra } = split(d, DOC_KEYS);
  const doc: GraphDoc = {
    format: GRAPH_FORMAT,
    version: d.version,
    ...pick(known, 'meta'),
    ...(d.mode !== undefined ? { mode: d.mode } : {}),
    nodes,
    edges,
    output: d.output,
    ...pick(known, 'training'),
    ...(extra ? { extra } : {}),
  };
  return { ok: true, doc };
}

function split(obj: Record<string, unknown>, keys: readonly string[]): { known: Record<string, unknown>; extra?: Record<string, unknown> } {
  const known: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  let hasExtra = false;
  for (const [k, v] of Object.entries(obj)) {
    if (keys.includes(k)) known[k] = v;
    else {
      extra[k] = v;
      hasExtra = true;
    }
  }
  return hasExtra ? { known, extra } : { known };
}

/** `{ [key]: value }` when present, `{}` when absent, so optional fields stay absent rather than undefined. */
function pick(known: Record<string, unknown>, key: string): Record<string, Readonly<Record<string, unknown>>> {
  const v = known[key];
  return v === undefined ? {} : { [key]: v as Readonly<Record<string, unknown>> };
}

interface IssueLike {
  readonly code: string;
  readonly message: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
}

/** Turns one zod issue into a Problem naming the node (by id) or edge (by index) it is in. */
export function issueToProblem(path: JsonPath, issue: IssueLike, raw: unknown): Problem {
  const actual = valueAt(raw, path);
  const where: { node?: string; edge?: number } = {};
  let field = formatPath(path);
  if ((path[0] === 'nodes' || path[0] === 'edges') && typeof path[1] === 'number') {
    const what = path[0] === 'nodes' ? 'node' : 'edge';
    const id = (valueAt(raw, path.slice(0, 2)) as { id?: unknown } | undefined)?.id;
    if (what === 'node' && typeof id === 'string' && id !== '') where.node = id;
    if (what === 'edge') where.edge = path[1];
    field = path.length > 2 ? formatPath(path.slice(2)) : `each ${what}`;
  }
  const base = { ...where, path: formatPath(path) };
  if (path.length === 1 && path[0] === 'format') return { ...base, message: formatMessage(actual) };
  if (actual === undefined && path.length > 0) {
    return { ...base, message: `missing required field ${JSON.stringify(path[path.length - 1])}` };
  }
  switch (issue.code) {
    case 'invalid_type':
      return { ...base, message: `${field} must be ${typeName(issue.expected)}, got ${describe(actual)}` };
    case 'invalid_value': {
      const options = (issue.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
      return { ...base, message: `${field} must be ${options}, got ${describe(actual)}` };
    }
    case 'too_small':
      return { ...base, message: typeof actual === 'string' ? `${field} must not be empty` : `${field}: ${issue.message}` };
    default:
      return { ...base, message: `${field}: ${issue.message}` };
  }
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const part of path) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}

function typeName(expected: unknown): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'array':
      return 'an array';
    case 'object':
    case 'record':
      return 'an object';
    default:
      return String(expected);
  }
}
