/**
 * The edges that lie on a cycle. Core names a cycle by its nodes (on the
 * first node only), and the editor refuses to close one, but a file can still
 * hold one; its wires must show where it is, so every edge whose two ends lie
 * in the same strongly connected component is marked.
 */
import type { GraphEdge } from '../../core/graph/types.js';

/**
 * Indices of the edges on some cycle (both ends in one strongly connected
 * component; a self-loop counts). Tarjan's algorithm, iterative so that a
 * long chain cannot overflow the stack.
 */
export function cycleEdgeIndices(edges: readonly GraphEdge[]): number[] {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let next = 0;
  let components = 0;
  for (const root of out.keys()) {
    if (index.has(root)) continue;
    const frames: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1];
      const succ = out.get(f.node) ?? [];
      if (f.i < succ.length) {
        const w = succ[f.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          frames.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(f.node, Math.min(low.get(f.node) as number, index.get(w) as number));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent) as number, low.get(f.node) as number));
      }
      if (low.get(f.node) === index.get(f.node)) {
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== f.node);
        components++;
      }
    }
  }
  const result: number[] = [];
  edges.forEach((e, i) => {
    const a = component.get(e.from);
    if (e.from === e.to || (a !== undefined && a === component.get(e.to))) result.push(i);
  });
  return result;
}
