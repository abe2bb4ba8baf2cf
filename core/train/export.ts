/** Writing trained values back into a graph document. */
import type { Session } from '../engine/executor.js';
import { encodeTensorLiteral, LiteralError } from '../graph/literal.js';
import type { GraphDoc, GraphNode } from '../graph/types.js';
import { getOp } from '../ops/registry.js';
import { TrainingError } from './errors.js';

/**
 * The document with every param's current value in `attrs.value` and each
 * op's persistent state (batchnorm running statistics) in the attr of the same
 * name, where the op declares one. Tensors over MAX_INLINE_ELEMENTS values are
 * stored as base64. Everything else, `training` and `ui` included, is unchanged.
 */
export async function exportTrainedGraph(doc: GraphDoc, session: Session): Promise<GraphDoc> {
  const { params, opState } = await session.exportState();
  const nodes = doc.nodes.map((n): GraphNode => {
    const updates: Record<string, unknown> = {};
    const p = params.get(n.id);
    if (p) updates['value'] = encode(n.id, 'value', p.shape, p.data);
    // The executor keeps a (usually empty) state map for every compute node; only declared attrs are stored.
    const declared = getOp(n.op)?.attrs ?? {};
    for (const [name, t] of opState.get(n.id) ?? []) if (name in declared) updates[name] = encode(n.id, name, t.shape, t.data);
    return Object.keys(updates).length === 0 ? n : { ...n, attrs: { ...n.attrs, ...updates } };
  });
  return { ...doc, nodes };
}

function encode(id: string, name: string, shape: readonly number[], data: ArrayLike<number>) {
  try {
    return encodeTensorLiteral(shape, data);
  } catch (e) {
    if (e instanceof LiteralError) throw new TrainingError(`cannot store node "${id}" attr ${name}: ${e.message}`, undefined, id);
    throw e;
  }
}
