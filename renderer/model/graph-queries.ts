/**
 * Questions the editor asks about a document's wiring: which edge fills a
 * port, whether a new edge would close a cycle (and through which nodes), and
 * the stable ids the canvas gives edges.
 */
import type { GraphDoc, GraphEdge } from '../../core/graph/types.js';

/**
 * The canvas id of an edge. A port takes one edge, so `to.port` names it; the
 * source is included so that rewiring a port gives the edge a new identity.
 * A broken file may have two edges into one port: the later ones get `#n`.
 */
export function edgeIds(edges: readonly GraphEdge[]): string[] {
  const seen = new Map<string, number>();
  return edges.map((e) => {
    const base = `${e.from}->${e.to}.${e.port}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

/** The index of the edge feeding `to.port`, or -1. */
export function edgeIntoPort(doc: GraphDoc, to: string, port: string): number {
  return doc.edges.findIndex((e) => e.to === to && e.port === port);
}

/**
 * If adding `from → to` would close a cycle, the node ids around it starting
 * and ending at `to` (e.g. `q → f → q` for the edge f → q); otherwise undefined.
 * Breadth-first from `to` along existing edges, so the path shown is a shortest one.
 */
export function cycleThrough(doc: GraphDoc, from: string, to: string): string[] | undefined {
  if (from === to) return [to, to];
  const consumers = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = consumers.get(e.from);
    if (list) list.push(e.to);
    else consumers.set(e.from, [e.to]);
  }
  const parent = new Map<string, string>([[to, to]]);
  const queue = [to];
  for (let h = 0; h < queue.length; h++) {
    const cur = queue[h];
    for (const next of consumers.get(cur) ?? []) {
      if (parent.has(next)) continue;
      parent.set(next, cur);
      if (next === from) {
        const path = [from];
        for (let at = from; at !== to; ) {
          at = parent.get(at) as string;
          path.push(at);
        }
        return [...path.reverse(), to];
      }
      queue.push(next);
    }
  }
  return undefined;
}
