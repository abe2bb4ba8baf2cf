/**
 * Structural validation of a graph document: ops, attrs, edges, ports,
 * cycles. Produces the topological order every later stage walks. Iterative
 * throughout, so a 100,000-node chain needs no deep recursion.
 */
import { type AnyAttrs, resolveAttr } from '../ops/attrs.js';
import type { OpDef } from '../ops/define-op.js';
import { getOp } from '../ops/registry.js';
import type { GraphDoc, Problem } from '../graph/types.js';

/** A node after structural checks: its op, resolved attrs and, per port, the producing node's index in file order. */
export interface StructNode {
  readonly id: string;
  readonly op: OpDef;
  readonly attrs: AnyAttrs;
  /** inputs[p] = file index of the node feeding port p (op.inputs order), or undefined if unconnected. */
  readonly inputs: readonly (number | undefined)[];
}

export interface Structure {
  /** Nodes in file order. */
  readonly nodes: readonly StructNode[];
  /** File indices in a deterministic topological order (ties: file order). */
  readonly order: readonly number[];
  readonly output: number;
  readonly indexOf: ReadonlyMap<string, number>;
}

/** Checks everything that does not depend on shapes; returns the structure or every problem found. */
export function checkStructure(doc: GraphDoc): { structure?: Structure; problems: Problem[] } {
  const problems: Problem[] = [];
  const indexOf = new Map<string, number>();
  doc.nodes.forEach((n, i) => {
    if (indexOf.has(n.id)) problems.push({ node: n.id, message: `duplicate node id "${n.id}"` });
    else indexOf.set(n.id, i);
  });

  const nodes: (StructNode | undefined)[] = doc.nodes.map((n) => {
    const op = getOp(n.op);
    if (!op) {
      problems.push({ node: n.id, message: `unknown op "${n.op}"` });
      return undefined;
    }
    const attrs: Record<string, unknown> = {};
    const raw = n.attrs ?? {};
    for (const key of Object.keys(raw)) {
      if (!(key in op.attrs)) {
        const known = Object.keys(op.attrs);
        problems.push({ node: n.id, message: `unknown attr "${key}" for ${op.name}${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}` });
      }
    }
    for (const [name, spec] of Object.entries(op.attrs)) {
      const r = resolveAttr(name, spec, raw[name]);
      if (r.ok) attrs[name] = r.value;
      else problems.push({ node: n.id, message: r.message });
    }
    return { id: n.id, op, attrs, inputs: new Array<number | undefined>(op.inputs.length).fill(undefined) };
  });

  const portEdge = new Map<string, number>();
  doc.edges.forEach((e, ei) => {
    const label = `${e.from} → ${e.to}.${e.port}`;
    const from = indexOf.get(e.from);
    const to = indexOf.get(e.to);
    if (from === undefined) problems.push({ edge: ei, message: `source node "${e.from}" does not exist (${label})` });
    if (to === undefined) problems.push({ edge: ei, message: `target node "${e.to}" does not exist (${label})` });
    if (from === undefined || to === undefined) return;
    const target = nodes[to];
    if (!target) return;
    const p = target.op.inputs.findIndex((port) => port.name === e.port);
    if (p < 0) {
      const ports = target.op.inputs.map((port) => port.name);
      problems.push({
        edge: ei,
        node: e.to,
        message: `${target.op.name} has no port "${e.port}"${ports.length ? `; its ports are ${ports.join(', ')}` : ' (it has no inputs)'} (edge ${ei}: ${label})`,
      });
      return;
    }
    const key = `${to}:${p}`;
    const prev = portEdge.get(key);
    if (prev !== undefined) {
      problems.push({ edge: ei, node: e.to, message: `port "${e.port}" has two incoming edges (edges ${prev} and ${ei})` });
      return;
    }
    portEdge.set(key, ei);
    (target.inputs as (number | undefined)[])[p] = from;
  });

  for (const n of nodes) {
    if (!n) continue;
    n.op.inputs.forEach((port, p) => {
      if (n.inputs[p] === undefined && !port.optional) problems.push({ node: n.id, message: `missing input: port "${port.name}" of ${n.op.name} is not connected` });
    });
  }

  const output = indexOf.get(doc.output);
  if (output === undefined) problems.push({ path: 'output', message: `output node "${doc.output}" does not exist` });

  if (problems.length > 0 || output === undefined) return { problems };
  const complete = nodes as StructNode[];
  const order = topoSort(complete);
  if (!Array.isArray(order)) {
    const ids = order.cycle.map((i) => complete[i].id);
    return { problems: [{ node: ids[0], message: `cycle: ${[...ids, ids[0]].join(' → ')}` }] };
  }
  return { structure: { nodes: complete, order, output, indexOf }, problems };
}

/** Kahn's algorithm with a FIFO seeded in file order; on failure, one cycle's node indices in edge order. */
export function topoSort(nodes: readonly StructNode[]): number[] | { cycle: number[] } {
  const indeg = new Int32Array(nodes.length);
  const consumers: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const j of n.inputs) {
      if (j === undefined) continue;
      indeg[i]++;
      consumers[j].push(i);
    }
  });
  const queue: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (indeg[i] === 0) queue.push(i);
  for (let h = 0; h < queue.length; h++) {
    for (const c of consumers[queue[h]]) if (--indeg[c] === 0) queue.push(c);
  }
  if (queue.length === nodes.length) return queue;
  // Every node left has a predecessor that is also left; walking predecessors must revisit one.
  const left = (i: number) => indeg[i] > 0;
  let cur = nodes.findIndex((_, i) => left(i));
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(cur)) {
    seenAt.set(cur, path.length);
    path.push(cur);
    cur = nodes[cur].inputs.find((j) => j !== undefined && left(j)) as number;
  }
  return { cycle: path.slice(seenAt.get(cur)).reverse() };
}
