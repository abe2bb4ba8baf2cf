/**
 * Pure edits of a GraphDoc. Each returns a new document that shares every
 * untouched node, edge and object with the old one (the undo history relies
 * on this), keeps unknown fields (`extra`, unknown `ui` keys) and keeps key
 * order inside `ui` and `attrs`, so a file that is loaded and saved without
 * edits comes back byte for byte.
 */
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { cycleThrough, edgeIntoPort } from './graph-queries.js';
import { freshId } from './ids.js';
import { initialAttrs } from './op-catalog.js';

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** The refusal of an edit, with the reason the editor shows. */
export interface Refusal {
  readonly ok: false;
  readonly reason: string;
}

export type EditResult = { readonly ok: true; readonly doc: GraphDoc; readonly created?: readonly string[] } | Refusal;

/** A node's canvas position from `ui.x`/`ui.y`, if both are finite numbers. */
export function positionOf(node: GraphNode): XY | undefined {
  const x = node.ui?.['x'];
  const y = node.ui?.['y'];
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

/** Where a node without a stored position sits until the automatic layout places it. */
export function provisionalPosition(index: number): XY {
  return { x: 40 + (index % 8) * 180, y: 40 + Math.floor(index / 8) * 120 };
}

/** The node's display label: `ui.label` when it is a non-empty string, else its id. */
export function labelOf(node: GraphNode): string {
  const label = node.ui?.['label'];
  return typeof label === 'string' && label !== '' ? label : node.id;
}

/** Integer positions: files diff better, and the grid is whole pixels anyway. */
function withPosition(node: GraphNode, p: XY): GraphNode {
  const x = Math.round(p.x);
  const y = Math.round(p.y);
  const pos = positionOf(node);
  if (pos && pos.x === x && pos.y === y) return node;
  return { ...node, ui: { ...(node.ui ?? {}), x, y } };
}

function nodeIds(doc: GraphDoc): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

function replaceNode(doc: GraphDoc, id: string, update: (n: GraphNode) => GraphNode): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== id) return n;
    const next = update(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** True when `doc.output` names no node, so that the next node added becomes the output. */
function outputMissing(doc: GraphDoc): boolean {
  return !doc.nodes.some((n) => n.id === doc.output);
}

/** Adds a node of `op` at `p` with a fresh id (`add1`); the first node of a document without output becomes its output. */
export function addNode(doc: GraphDoc, op: string, p: XY): EditResult {
  const def = getOp(op);
  if (!def) return { ok: false, reason: `unknown op "${op}"` };
  const id = freshId(op, nodeIds(doc));
  const attrs = initialAttrs(def);
  const node: GraphNode = { id, op, ...(attrs ? { attrs } : {}), ui: { x: Math.round(p.x), y: Math.round(p.y) } };
  return { ok: true, doc: { ...doc, nodes: [...doc.nodes, node], ...(outputMissing(doc) ? { output: id } : {}) }, created: [id] };
}

/** Removes nodes (with every edge touching them) and edges (by index). */
export function removeElements(doc: GraphDoc, nodes: ReadonlySet<string>, edges: ReadonlySet<number>): EditResult {
  if (nodes.size === 0 && edges.size === 0) return { ok: false, reason: 'nothing is selected' };
  const keptNodes = doc.nodes.filter((n) => !nodes.has(n.id));
  const keptEdges = doc.edges.filter((e, i) => !edges.has(i) && !nodes.has(e.from) && !nodes.has(e.to));
  if (keptNodes.length === doc.nodes.length && keptEdges.length === doc.edges.length) return { ok: false, reason: 'nothing to delete' };
  return { ok: true, doc: { ...doc, nodes: keptNodes, edges: keptEdges } };
}

/**
 * Wires `from`'s output into port `port` of `to`. Refused, with the reason,
 * when a node or port does not exist, the port is taken, or the edge would
 * close a cycle. When the output node starts feeding another node, the output
 * moves downstream to it, so that wiring a chain keeps its end as the output.
 */
export function connect(doc: GraphDoc, from: string, to: string, port: string): EditResult {
  const source = doc.nodes.find((n) => n.id === from);
  const target = doc.nodes.find((n) => n.id === to);
  if (!source) return { ok: false, reason: `node "${from}" does not exist` };
  if (!target) return { ok: false, reason: `node "${to}" does not exist` };
  const op = getOp(target.op);
  if (!op) return { ok: false, reason: `node "${to}" has an unknown op "${target.op}"` };
  if (!op.inputs.some((p) => p.name === port)) {
    const ports = op.inputs.map((p) => p.name);
    return { ok: false, reason: `${target.op} has no port "${port}"${ports.length ? ` (its ports: ${ports.join(', ')})` : ' (it has no inputs)'}` };
  }
  const taken = edgeIntoPort(doc, to, port);
  if (taken >= 0) return { ok: false, reason: `port ${port} of ${to} is already connected (from ${doc.edges[taken].from})` };
  const cycle = cycleThrough(doc, from, to);
  if (cycle) return { ok: false, reason: `would create a cycle ${cycle.join(' → ')}` };
  const edge: GraphEdge = { from, to, port };
  return { ok: true, doc: { ...doc, edges: [...doc.edges, edge], ...(doc.output === from ? { output: to } : {}) } };
}

/** Moves nodes to new positions; nodes not in `positions` keep theirs (and their identity). */
export function moveNodes(doc: GraphDoc, positions: ReadonlyMap<string, XY>): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p) return n;
    const next = withPosition(n, p);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Sets (or with `undefined`, removes) one attr, keeping the order of the others. */
export function setAttr(doc: GraphDoc, id: string, name: string, value: unknown): GraphDoc {
  return replaceNode(doc, id, (n) => {
    const attrs: Record<string, unknown> = { ...(n.attrs ?? {}) };
    if (value === undefined) {
      if (!(name in attrs)) return n;
      delete attrs[name];
    } else {
      attrs[name] = value;
    }
    const next: GraphNode = { ...n, attrs };
    if (Object.keys(attrs).length === 0) delete (next as { attrs?: unknown }).attrs;
    return next;
  });
}

/** Sets the display label (`ui.label`); an empty label removes it so the id shows. */
export function setLabel(doc: GraphDoc, id: string, label: string): GraphDoc {
  return replaceNode(doc, id, (n) => {
    const ui: Record<string, unknown> = { ...(n.ui ?? {}) };
    if (label === '') {
      if (!('label' in ui)) return n;
      delete ui['label'];
    } else {
      if (ui['label'] === label) return n;
      ui['label'] = label;
    }
    const next: GraphNode = { ...n, ui };
    if (Object.keys(ui).length === 0) delete (next as { ui?: unknown }).ui;
    return next;
  });
}

/** Renames a node, rewriting the edges and the output that name it. */
export function renameNode(doc: GraphDoc, id: string, to: string): EditResult {
  if (id === to) return { ok: true, doc };
  if (!doc.nodes.some((n) => n.id === id)) return { ok: false, reason: `node "${id}" does not exist` };
  if (doc.nodes.some((n) => n.id === to)) return { ok: false, reason: `"${to}" is taken by another node` };
  if (to.trim() === '') return { ok: false, reason: 'an id cannot be empty' };
  const nodes = doc.nodes.map((n) => (n.id === id ? { ...n, id: to } : n));
  const edges = doc.edges.map((e) => (e.from === id || e.to === id ? { ...e, from: e.from === id ? to : e.from, to: e.to === id ? to : e.to } : e));
  return { ok: true, doc: { ...doc, nodes, edges, output: doc.output === id ? to : doc.output } };
}

/** Makes `id` the node the backward pass starts from. */
export function setOutput(doc: GraphDoc, id: string): EditResult {
  if (!doc.nodes.some((n) => n.id === id)) return { ok: false, reason: `node "${id}" does not exist` };
  return { ok: true, doc: doc.output === id ? doc : { ...doc, output: id } };
}

/** Sets (or with an empty string, removes) a text field of `meta` (name, description). */
export function setMetaText(doc: GraphDoc, key: string, value: string): GraphDoc {
  const meta: Record<string, unknown> = { ...(doc.meta ?? {}) };
  if (value === '') delete meta[key];
  else meta[key] = value;
  if (meta[key] === doc.meta?.[key]) return doc;
  const next: GraphDoc = { ...doc, meta };
  if (Object.keys(meta).length === 0) delete (next as { meta?: unknown }).meta;
  return next;
}

/** An empty document, as File → New makes it. */
export function emptyDoc(): GraphDoc {
  return { format: 'backprop-studio/graph', version: 1, nodes: [], edges: [], output: '' };
}
