/**
 * What the editor shows about a document besides the document itself: every
 * problem core finds (diagnose), located on nodes and edges, and, when the
 * graph is valid, each node's inferred output shape (from compile's plan).
 */
import { compile, diagnose } from '../../core/engine/compile.js';
import type { GraphDoc, Problem } from '../../core/graph/types.js';
import type { Shape } from '../../core/tensor/shape.js';
import { edgeIds } from './graph-queries.js';
import { boundFeedShapes } from './feed-shapes.js';
import { cycleEdgeIndices } from './cycle-edges.js';

export interface Analysis {
  /** Every problem, in core's order. */
  readonly problems: readonly Problem[];
  /** Messages per node id (problems naming the node). */
  readonly nodeProblems: ReadonlyMap<string, readonly string[]>;
  /** Messages per canvas edge id (problems naming the edge index). */
  readonly edgeProblems: ReadonlyMap<string, readonly string[]>;
  /** Output shape per node id; empty unless the whole graph is valid. */
  readonly shapes: ReadonlyMap<string, Shape>;
}

export const EMPTY_ANALYSIS: Analysis = { problems: [], nodeProblems: new Map(), edgeProblems: new Map(), shapes: new Map() };

function push(map: Map<string, string[]>, key: string, message: string): void {
  const list = map.get(key);
  if (list) list.push(message);
  else map.set(key, [message]);
}

/** Diagnoses `doc`; never throws. */
export function analyze(doc: GraphDoc): Analysis {
  // A new, empty document is where everyone starts, not a mistake: core's "output node does
  // not exist" is right for a file on disk but only noise in the editor.
  if (doc.nodes.length === 0 && doc.edges.length === 0) return EMPTY_ANALYSIS;
  const feeds = boundFeedShapes(doc);
  let problems: Problem[];
  try {
    problems = [...feeds.problems, ...diagnose(doc, feeds.shapes)];
  } catch (e) {
    // diagnose promises not to throw; a bug there must not take the editor down.
    problems = [{ message: `internal error while checking the graph: ${e instanceof Error ? e.message : String(e)}` }];
  }
  const shapes = new Map<string, Shape>();
  if (problems.length === 0) {
    try {
      for (const n of compile(doc, feeds.shapes).nodes) shapes.set(n.id, n.shape);
    } catch {
      // diagnose found nothing, so compile cannot fail on the same input; shapes simply stay unknown.
    }
  }
  const ids = edgeIds(doc.edges);
  const nodeProblems = new Map<string, string[]>();
  const edgeProblems = new Map<string, string[]>();
  for (const p of problems) {
    if (p.node !== undefined) push(nodeProblems, p.node, p.message);
    if (p.edge !== undefined && ids[p.edge] !== undefined) push(edgeProblems, ids[p.edge], p.message);
  }
  // Core names a cycle on one node only; its wires must show it too (a file can hold one the editor would refuse to draw).
  for (const i of cycleEdgeIndices(doc.edges)) push(edgeProblems, ids[i], `this edge is on a cycle: a graph must be acyclic to run`);
  return { problems, nodeProblems, edgeProblems, shapes };
}
