/** Graph documents for the training tests, built in code (the same networks ship as example files). */
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc, type GraphEdge, type GraphNode } from '../../core/graph/types.js';

export interface MlpOptions {
  /** Layer widths from input to output, e.g. [2, 8, 2]. */
  readonly sizes: readonly number[];
  /** Hidden activation. */
  readonly activation?: 'relu' | 'tanh' | 'sigmoid';
  /** `cross_entropy` on logits with class-index labels, or `bce` on a sigmoid of one output column. */
  readonly loss?: 'cross_entropy' | 'bce';
  readonly init?: string;
  /** Dropout probability after each hidden activation (0: none). */
  readonly dropout?: number;
  readonly training: Record<string, unknown>;
}

const edge = (from: string, to: string, port: string): GraphEdge => ({ from, to, port });

/**
 * x -> [matmul W_i, add b_i, activation]* -> logits -> loss. With `bce`, the last layer has one
 * column and the predictions node `p` is its sigmoid; with `cross_entropy` it is `logits`.
 */
export function mlp(o: MlpOptions): GraphDoc {
  const loss = o.loss ?? 'cross_entropy';
  const nodes: GraphNode[] = [
    { id: 'x', op: 'input', attrs: { bind: 'features' } },
    { id: 'y', op: 'input', attrs: { bind: 'labels', encoding: loss === 'bce' ? 'column' : 'index' } },
  ];
  const edges: GraphEdge[] = [];
  let prev = 'x';
  const layers = o.sizes.length - 1;
  for (let i = 1; i <= layers; i++) {
    const last = i === layers;
    const W = `W${i}`;
    const b = `b${i}`;
    const z = last ? 'logits' : `z${i}`;
    nodes.push(
      { id: W, op: 'param', attrs: { shape: [o.sizes[i - 1], o.sizes[i]], init: o.init ?? (o.activation === 'relu' ? 'he_normal' : 'xavier_uniform') } },
      { id: b, op: 'param', attrs: { shape: [o.sizes[i]], init: 'zeros' } },
      { id: `mm${i}`, op: 'matmul' },
      { id: z, op: 'add' },
    );
    edges.push(edge(prev, `mm${i}`, 'a'), edge(W, `mm${i}`, 'b'), edge(`mm${i}`, z, 'a'), edge(b, z, 'b'));
    prev = z;
    if (!last) {
      const h = `h${i}`;
      nodes.push({ id: h, op: o.activation ?? 'relu' });
      edges.push(edge(z, h, 'x'));
      prev = h;
      if (o.dropout) {
        nodes.push({ id: `drop${i}`, op: 'dropout', attrs: { p: o.dropout } });
        edges.push(edge(h, `drop${i}`, 'x'));
        prev = `drop${i}`;
      }
    }
  }
  if (loss === 'bce') {
    nodes.push({ id: 'p', op: 'sigmoid' }, { id: 'loss', op: 'bce' });
    edges.push(edge('logits', 'p', 'x'), edge('p', 'loss', 'pred'), edge('y', 'loss', 'target'));
  } else {
    nodes.push({ id: 'loss', op: 'cross_entropy' });
    edges.push(edge('logits', 'loss', 'pred'), edge('y', 'loss', 'target'));
  }
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: `MLP ${o.sizes.join('-')}` },
    nodes,
    edges,
    output: 'loss',
    training: { predictions: loss === 'bce' ? 'p' : 'logits', ...o.training },
  };
}

/** A small document from explicit nodes and `from->to.port` edge strings. */
export function graph(nodes: GraphNode[], edges: string[], output: string, training: Record<string, unknown>): GraphDoc {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    nodes,
    edges: edges.map((s) => {
      const [from, rest] = s.split('->');
      const [to, port] = rest.split('.');
      return { from, to, port };
    }),
    output,
    training,
  };
}

/** x -> matmul W1 [2, 16] -> batchnorm (gamma, beta) -> relu -> matmul W2 [16, 3] -> cross-entropy, with `training`. */
export function batchnormNet(training: Record<string, unknown>): GraphDoc {
  return graph(
    [
      { id: 'x', op: 'input', attrs: { bind: 'features' } },
      { id: 'y', op: 'input', attrs: { bind: 'labels' } },
      { id: 'W1', op: 'param', attrs: { shape: [2, 16], init: 'he_normal' } },
      { id: 'h', op: 'matmul' },
      { id: 'gamma', op: 'param', attrs: { shape: [16], init: 'ones' } },
      { id: 'beta', op: 'param', attrs: { shape: [16], init: 'zeros' } },
      { id: 'bn', op: 'batchnorm' },
      { id: 'r', op: 'relu' },
      { id: 'W2', op: 'param', attrs: { shape: [16, 3] } },
      { id: 'logits', op: 'matmul' },
      { id: 'loss', op: 'cross_entropy' },
    ],
    ['x->h.a', 'W1->h.b', 'h->bn.x', 'gamma->bn.gamma', 'beta->bn.beta', 'bn->r.x', 'r->logits.a', 'W2->logits.b', 'logits->loss.pred', 'y->loss.target'],
    'loss',
    training,
  );
}
