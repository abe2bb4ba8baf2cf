/**
 * Copy and paste: a fragment is a set of nodes with the edges among them,
 * in the document's own node and edge form (so attrs, labels and unknown
 * fields travel). Pasting gives every node a fresh id and rewires the copied
 * edges to the new ids; edges to nodes outside the fragment are not copied.
 */
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph/types.js';
import { type EditResult, positionOf, type XY } from './doc-edit.js';
import { freshId } from './ids.js';

/** What the clipboard holds. `kind` lets a paste recognise our text among other clipboard contents. */
export interface Fragment {
  readonly kind: 'backprop-studio/fragment';
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The selected nodes and the edges between them; undefined when nothing is selected. */
export function copyFragment(doc: GraphDoc, ids: ReadonlySet<string>): Fragment | undefined {
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  return { kind: 'backprop-studio/fragment', nodes, edges };
}

/** Top-left of the fragment's positioned nodes (origin when none has a position). */
function topLeft(nodes: readonly GraphNode[]): XY {
  let x = Infinity;
  let y = Infinity;
  for (const n of nodes) {
    const p = positionOf(n);
    if (p) {
      x = Math.min(x, p.x);
      y = Math.min(y, p.y);
    }
  }
  return Number.isFinite(x) ? { x, y } : { x: 0, y: 0 };
}

/**
 * Adds a copy of `fragment` whose top-left lands at `at`, or, without `at`,
 * `offset` away from where it was copied. `created` lists the new ids in fragment order.
 */
export function pasteFragment(doc: GraphDoc, fragment: Fragment, place: { at: XY } | { offset: XY }): EditResult {
  if (fragment.nodes.length === 0) return { ok: false, reason: 'the clipboard holds no nodes' };
  const taken = new Set(doc.nodes.map((n) => n.id));
  const origin = topLeft(fragment.nodes);
  const shift = 'at' in place ? { x: place.at.x - origin.x, y: place.at.y - origin.y } : place.offset;
  const rename = new Map<string, string>();
  const nodes = fragment.nodes.map((n, i) => {
    const id = freshId(n.op, taken);
    rename.set(n.id, id);
    const p = positionOf(n) ?? { x: origin.x + 20 * i, y: origin.y + 20 * i };
    return { ...n, id, ui: { ...(n.ui ?? {}), x: Math.round(p.x + shift.x), y: Math.round(p.y + shift.y) } };
  });
  const edges = fragment.edges
    .filter((e) => rename.has(e.from) && rename.has(e.to))
    .map((e) => ({ ...e, from: rename.get(e.from) as string, to: rename.get(e.to) as string }));
  return { ok: true, doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, created: nodes.map((n) => n.id) };
}

/** Reads a fragment back from clipboard text; undefined when the text is not one of ours. */
export function parseFragment(text: string): Fragment | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const f = raw as Record<string, unknown>;
  if (f['kind'] !== 'backprop-studio/fragment' || !Array.isArray(f['nodes']) || !Array.isArray(f['edges'])) return undefined;
  const nodes = (f['nodes'] as unknown[]).filter(
    (n): n is GraphNode => typeof n === 'object' && n !== null && typeof (n as GraphNode).id === 'string' && typeof (n as GraphNode).op === 'string',
  );
  const edges = (f['edges'] as unknown[]).filter(
    (e): e is GraphEdge =>
      typeof e === 'object' && e !== null && ['from', 'to', 'port'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string'),
  );
  return nodes.length ? { kind: 'backprop-studio/fragment', nodes, edges } : undefined;
}
