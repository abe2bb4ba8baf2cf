/** `bpstudio run FILE`: one forward and one backward pass; every node's value and gradient. */
import type { Backend } from '../backend/backend.js';
import type { GraphDoc } from '../graph/types.js';
import type { Mode } from '../ops/define-op.js';
import type { HostTensor } from '../tensor/tensor.js';
import { defineCommand } from './command.js';
import { inFile } from './errors.js';
import { fmtValues, jsonValues, table } from './format.js';
import { BACKEND_FLAG, loadGraphFile, prepareSession, selectBackend } from './graph-file.js';

interface NodeReport {
  readonly id: string;
  readonly op: string;
  readonly value: HostTensor;
  /** Present for every node the output depends on. */
  readonly grad?: HostTensor;
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'one forward and one backward pass; print every value and gradient',
  usage: 'run FILE [--backend cpu|webgpu|auto] [--mode train|eval] [--json]',
  description: [
    "Runs FILE forward, then backward from its output (the seed gradient is 1, or all",
    'ones when the output is not a scalar), and prints each node\'s shape, value and',
    'gradient d(output)/d(node). Gradients are shown for the nodes the output depends',
    'on. Inputs bound to a dataset get the first batch of the training split of the',
    "training block's dataset; params without a stored value are initialised from",
    'training.seed (0 when there is no training block).',
  ],
  flags: {
    backend: BACKEND_FLAG,
    mode: { kind: 'choice', choices: ['train', 'eval'], help: "dropout and batchnorm behaviour (default: the file's mode, else eval)" },
    json: { kind: 'bool', help: 'print one JSON object instead of a table (see below)' },
  },
  notes: [
    'JSON output:',
    '  { "output": "f", "outputValue": [-12],',
    '    "nodes": { "x": { "shape": [], "value": [-2], "grad": [-4] }, ... } }',
    'value and grad are flat row-major arrays of float32 numbers written with the',
    'fewest digits that read back exactly. JSON has no NaN or Infinity: such',
    'elements are written as null. "grad" is left out for nodes the output does',
    'not depend on.',
  ],
  async run(file, flags, io) {
    const doc = await loadGraphFile(file);
    const backend = await selectBackend(flags.backend);
    const mode = flags.mode as Mode | undefined;
    // A GPU device keeps the process alive until it is destroyed.
    const { output, nodes } = await inFile(file, () => forwardBackward(file, doc, backend, mode)).finally(() => backend.dispose());
    if (flags.json) {
      const out: Record<string, { shape: number[]; value: (number | null)[]; grad?: (number | null)[] }> = {};
      for (const n of nodes) {
        out[n.id] = { shape: [...n.value.shape], value: jsonValues(n.value.data), ...(n.grad ? { grad: jsonValues(n.grad.data) } : {}) };
      }
      const outputValue = out[output]?.value ?? [];
      io.out(JSON.stringify({ output, outputValue, nodes: out }));
      return 0;
    }
    const rows = nodes.map((n) => [n.id, n.op, `[${n.value.shape.join(', ')}]`, fmtValues(n.value.shape, n.value.data), n.grad ? fmtValues(n.grad.shape, n.grad.data) : '']);
    io.out(table(['id', 'op', 'shape', 'value', 'grad'], rows));
    const o = nodes.find((n) => n.id === output);
    if (o) io.out(`\noutput ${output} = ${fmtValues(o.value.shape, o.value.data, 10)}`);
    return 0;
  },
});

async function forwardBackward(
  file: string,
  doc: GraphDoc,
  backend: Backend,
  mode: Mode | undefined,
): Promise<{ output: string; nodes: NodeReport[] }> {
  const prepared = await prepareSession(file, doc, backend);
  try {
    const r = prepared.session.run({ mode, feeds: prepared.feeds });
    try {
      const nodes: NodeReport[] = [];
      for (const n of r.plan.nodes) {
        const v = r.value(n.id);
        if (!v) continue;
        const g = n.onPath ? r.grad(n.id) : undefined;
        nodes.push({ id: n.id, op: n.op.name, value: await r.read(v), ...(g ? { grad: await r.read(g) } : {}) });
      }
      return { output: r.plan.nodes[r.plan.output].id, nodes };
    } finally {
      r.release();
    }
  } finally {
    prepared.dispose();
  }
}
