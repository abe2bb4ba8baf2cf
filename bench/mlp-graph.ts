/**
 * The benchmarks' two-layer classifier as a user would draw it in the editor: x·W1 + b1, relu,
 * ·W2 + b2, softmax cross-entropy against class labels. No Node imports: the Chromium benchmark
 * page bundles it too.
 */
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../core/graph/types.js';

/** A two-layer classifier as a user draws it: x·W1 + b1, relu, ·W2 + b2, softmax cross-entropy. */
export function mlpDoc(batch: number, inputs: number, hidden: number, classes: number): GraphDoc {
  const param = (id: string, shape: number[], init: string) => ({ id, op: 'param', attrs: { shape, init } });
  const edge = (from: string, to: string, port: string) => ({ from, to, port });
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: `MLP ${inputs}-${hidden}-${classes}` },
    mode: 'train',
    nodes: [
      { id: 'x', op: 'input', attrs: { shape: [batch, inputs] } },
      { id: 'labels', op: 'input', attrs: { shape: [batch] } },
      param('W1', [inputs, hidden], 'he_normal'),
      param('b1', [hidden], 'zeros'),
      { id: 'xW1', op: 'matmul' },
      { id: 'z1', op: 'add' },
      { id: 'h', op: 'relu' },
      param('W2', [hidden, classes], 'he_normal'),
      param('b2', [classes], 'zeros'),
      { id: 'hW2', op: 'matmul' },
      { id: 'logits', op: 'add' },
      { id: 'loss', op: 'cross_entropy' },
    ],
    edges: [
      edge('x', 'xW1', 'a'), edge('W1', 'xW1', 'b'),
      edge('xW1', 'z1', 'a'), edge('b1', 'z1', 'b'),
      edge('z1', 'h', 'x'),
      edge('h', 'hW2', 'a'), edge('W2', 'hW2', 'b'),
      edge('hW2', 'logits', 'a'), edge('b2', 'logits', 'b'),
      edge('logits', 'loss', 'pred'), edge('labels', 'loss', 'target'),
    ],
    output: 'loss',
  };
}

