/**
 * Turns a document into an execution plan: structure (once per document) plus
 * shapes (once per set of feed shapes, cached by the executor). The plan lists
 * nodes in topological order with everything the forward and backward passes
 * need, so a training step does no graph work at all.
 */
import { parseTensorLiteral } from '../graph/literal.js';
import { GraphError, type GraphDoc, type Problem } from '../graph/types.js';
import type { AnyAttrs } from '../ops/attrs.js';
import type { OpDef } from '../ops/define-op.js';
import { checkShape, formatShape, type Shape, ShapeError, shapesEqual, sizeOf } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';
import { getOp } from '../ops/registry.js';
import { checkStructure, type Structure } from './structure.js';

export interface PlanNode {
  /** Position in `Plan.nodes` (topological). */
  readonly index: number;
  readonly id: string;
  readonly op: OpDef;
  readonly attrs: AnyAttrs;
  /** Per port, the plan index of the producer (undefined: unconnected optional port). */
  readonly inputs: readonly (number | undefined)[];
  readonly shape: Shape;
  /** A source's stored value, parsed. */
  readonly literal?: HostTensor;
  /** True if the output depends on this node, so it gets a gradient. */
  readonly onPath: boolean;
}

export interface Plan {
  readonly nodes: readonly PlanNode[];
  readonly output: number;
  readonly indexOf: ReadonlyMap<string, number>;
}

/** Shapes of inputs supplied at run time (dataset-bound inputs, overrides), by node id. */
export type FeedShapes = Readonly<Record<string, Shape>>;

/** Parses and checks a document's structure; throws GraphError listing every problem. */
export function compileStructure(doc: GraphDoc): Structure {
  const { structure, problems } = checkStructure(doc);
  if (!structure) throw new GraphError(problems);
  return structure;
}

/** Infers shapes and builds the plan; throws GraphError naming the node and the shapes. */
export function buildPlan(structure: Structure, feedShapes: FeedShapes = {}): Plan {
  const problems: Problem[] = [];
  const { nodes: fileNodes, order, output } = structure;
  const planIndex = new Int32Array(fileNodes.length);
  order.forEach((fi, pi) => (planIndex[fi] = pi));

  // Ancestors of the output, found by walking inputs backwards from it.
  const onPath = new Uint8Array(fileNodes.length);
  const stack = [output];
  onPath[output] = 1;
  while (stack.length) {
    for (const j of fileNodes[stack.pop() as number].inputs) {
      if (j !== undefined && !onPath[j]) {
        onPath[j] = 1;
        stack.push(j);
      }
    }
  }

  const shapes: (Shape | undefined)[] = new Array(fileNodes.length);
  const nodes: PlanNode[] = [];
  for (const fi of order) {
    const n = fileNodes[fi];
    let shape: Shape | undefined;
    let literal: HostTensor | undefined;
    try {
      if (n.op.kind === 'source') {
        ({ shape, literal } = sourceShape(n.id, n.op.name, n.attrs, feedShapes[n.id]));
      } else {
        const ins = n.inputs.map((j) => (j === undefined ? undefined : shapes[j]));
        // A failed producer has already been reported; don't pile on.
        if (n.inputs.some((j, p) => j !== undefined && ins[p] === undefined)) continue;
        shape = n.op.shape(ins, n.attrs);
        checkShape(shape, 'output');
      }
    } catch (e) {
      problems.push({ node: n.id, message: messageOf(e) });
      continue;
    }
    shapes[fi] = shape;
    nodes.push({
      index: nodes.length,
      id: n.id,
      op: n.op,
      attrs: n.attrs,
      inputs: n.inputs.map((j) => (j === undefined ? undefined : planIndex[j])),
      shape,
      literal,
      onPath: onPath[fi] === 1,
    });
  }
  if (problems.length) throw new GraphError(problems);
  return { nodes, output: planIndex[output], indexOf: new Map(nodes.map((n) => [n.id, n.index])) };
}

/** Compiles a document in one go. */
export function compile(doc: GraphDoc, feedShapes: FeedShapes = {}): Plan {
  return buildPlan(compileStructure(doc), feedShapes);
}

/** Every problem of a document (structure, then shapes), for live display; never throws. */
export function diagnose(doc: GraphDoc, feedShapes: FeedShapes = {}): Problem[] {
  const { structure, problems } = checkStructure(doc);
  if (!structure) return [...problems, ...soundPartProblems(doc, feedShapes, problems)];
  try {
    buildPlan(structure, feedShapes);
    return [];
  } catch (e) {
    return e instanceof GraphError ? [...e.problems] : [{ message: messageOf(e) }];
  }
}

/**
 * Problems of the part of a broken document that structure does not rule out:
 * a node that is not wired yet must not hide a shape mismatch elsewhere. The
 * part keeps the nodes and edges no problem names, less any node that cannot
 * get all its required inputs from that part (repeated until nothing changes).
 */
function soundPartProblems(doc: GraphDoc, feedShapes: FeedShapes, known: readonly Problem[]): Problem[] {
  const badNodes = new Set(known.flatMap((p) => (p.node === undefined ? [] : [p.node])));
  const badEdges = new Set(known.flatMap((p) => (p.edge === undefined ? [] : [p.edge])));
  const kept = new Set(doc.nodes.map((n) => n.id).filter((id) => !badNodes.has(id)));
  const edges = doc.edges.filter((_, i) => !badEdges.has(i));
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of doc.nodes) {
      const op = getOp(n.op);
      if (!kept.has(n.id) || !op) continue;
      const fed = new Set(edges.filter((e) => e.to === n.id && kept.has(e.from)).map((e) => e.port));
      if (op.inputs.some((port) => !port.optional && !fed.has(port.name))) {
        kept.delete(n.id);
        changed = true;
      }
    }
  }
  const nodes = doc.nodes.filter((n) => kept.has(n.id));
  if (nodes.length === 0) return [];
  // The output only decides which nodes get gradients; any kept node will do for shapes.
  const output = kept.has(doc.output) ? doc.output : nodes[0].id;
  const part: GraphDoc = { ...doc, nodes, edges: edges.filter((e) => kept.has(e.from) && kept.has(e.to)), output };
  const { structure, problems } = checkStructure(part);
  // Edge indices of the part are not the document's, so only node-level problems (a cycle) are passed on.
  if (!structure) return problems.filter((p) => p.edge === undefined);
  try {
    buildPlan(structure, feedShapes);
    return [];
  } catch (e) {
    return e instanceof GraphError ? [...e.problems] : [{ message: messageOf(e) }];
  }
}

function sourceShape(id: string, op: string, attrs: AnyAttrs, fed: Shape | undefined): { shape: Shape; literal?: HostTensor } {
  // Dataset-bound inputs take their shape from the batch; a declared shape (with -1 for the batch) only guides the trainer's reshape.
  if (attrs['bind'] !== undefined) {
    if (!fed) {
      throw new ShapeError(`input is bound to the dataset's ${String(attrs['bind'])} but no dataset was given (add a training block, or feed it)`);
    }
    checkShape(fed, 'fed tensor');
    return { shape: fed };
  }
  const declared = attrs['shape'] as readonly number[] | undefined;
  if (declared) checkShape(declared, 'shape attr');
  if (attrs['value'] !== undefined) {
    const literal = parseTensorLiteral(attrs['value']);
    if (declared && !shapesEqual(declared, literal.shape)) {
      throw new ShapeError(`value has shape ${formatShape(literal.shape)} but attr shape says ${formatShape(declared)}`);
    }
    if (fed && !shapesEqual(fed, literal.shape)) {
      throw new ShapeError(`fed a tensor of shape ${formatShape(fed)} but its value has shape ${formatShape(literal.shape)}`);
    }
    return { shape: literal.shape, literal };
  }
  if (fed) {
    checkShape(fed, 'fed tensor');
    if (declared && !shapesEqual(declared, fed)) throw new ShapeError(`fed a tensor of shape ${formatShape(fed)} but attr shape says ${formatShape(declared)}`);
    return { shape: fed };
  }
  if (declared) return { shape: declared };
  throw new ShapeError(`${op} needs a value or a shape`);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Total elements of all plan tensors; callers may refuse absurd graphs before allocating. */
export function planElements(plan: Plan): number {
  return plan.nodes.reduce((acc, n) => acc + sizeOf(n.shape), 0);
}
