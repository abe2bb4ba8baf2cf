/**
 * WebGPU against the CPU backend through the whole engine (Session: plan, ops,
 * forward and backward): random graphs over the whole op catalogue, and every
 * example file as `bpstudio run` prepares it. Every node's value and gradient
 * must agree.
 *
 * Tolerance: |webgpu − cpu| ≤ 1e-4·|cpu| + 1e-5·max(1, max|cpu|) per tensor,
 * as in the backend conformance suite, with the absolute floor scaled by the
 * tensor's largest magnitude: both sides are float32, and a value that
 * cancels to near 0 keeps the rounding of its terms, not its own. Infinities
 * and NaN must match exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { prepareSession } from '../../core/cli/graph-file.js';
import { Session } from '../../core/engine/executor.js';
import type { GraphDoc } from '../../core/graph/types.js';
import type { Mode } from '../../core/ops/define-op.js';
import { allOps } from '../../core/ops/registry.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { nodeWebGpu, SKIP_WEBGPU } from '../backend/backends.js';
import { mismatch as valuesMismatch } from '../backend/conformance-check.js';
import { EXAMPLES_DIR, exampleNames, loadExample } from '../examples/example-helpers.js';
import { OP_CASES, randomGraphs } from './random-graphs.js';

/** Fixed so CI is deterministic; PARITY_SEED=<n> explores other graphs. */
const SEED = Number(process.env['PARITY_SEED'] ?? 20261201);

const COMPUTE_OPS = allOps().filter((op) => op.kind === 'compute').map((op) => op.name);
// Five ops a graph, three passes over the shuffled catalogue: 27 graphs of 4 to 27 nodes.
const GRAPHS = randomGraphs(SEED, COMPUTE_OPS, 5, 3);

/** Every value and gradient of one run, by node id, downloaded. */
type Snapshot = Map<string, { value: HostTensor; grad?: HostTensor }>;

async function snapshot(session: Session, mode: Mode | undefined, feeds: Record<string, HostTensor> = {}): Promise<Snapshot> {
  const r = session.run({ ...(mode && { mode }), feeds });
  try {
    const out: Snapshot = new Map();
    for (const n of r.plan.nodes) {
      const v = r.value(n.id);
      const g = n.onPath ? r.grad(n.id) : undefined;
      if (v) out.set(n.id, { value: await r.read(v), ...(g && { grad: await r.read(g) }) });
    }
    return out;
  } finally {
    r.release();
  }
}

function mismatch(got: HostTensor, want: HostTensor): string | null {
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape.join(', ')}], want [${want.shape.join(', ')}]`;
  return valuesMismatch(got.data, want.data);
}

function differences(got: Snapshot, want: Snapshot): string[] {
  const out: string[] = [];
  for (const [id, w] of want) {
    const g = got.get(id);
    if (!g) {
      out.push(`${id}: no value`);
      continue;
    }
    const v = mismatch(g.value, w.value);
    if (v) out.push(`${id} value ${v}`);
    if (w.grad && !g.grad) out.push(`${id}: no gradient`);
    const d = w.grad && g.grad ? mismatch(g.grad, w.grad) : null;
    if (d) out.push(`${id} gradient ${d}`);
  }
  if (got.size !== want.size) out.push(`${got.size} nodes, want ${want.size}`);
  return out;
}

/** Runs `doc` on both backends, in its own mode and (for train-mode graphs, after the running statistics moved) in eval. */
async function compareGraph(doc: GraphDoc, cpu: Backend, gpu: Backend): Promise<string[]> {
  const modes: (Mode | undefined)[] = doc.mode === 'train' ? [undefined, 'eval'] : [undefined];
  const sessions = [new Session(doc, cpu, { seed: 5 }), new Session(doc, gpu, { seed: 5 })];
  try {
    const diffs: string[] = [];
    for (const mode of modes) {
      const [want, got] = [await snapshot(sessions[0], mode), await snapshot(sessions[1], mode)];
      diffs.push(...differences(got, want).map((d) => `${mode ?? doc.mode}: ${d}`));
    }
    return diffs;
  } finally {
    for (const s of sessions) s.dispose();
  }
}

describe('random graphs cover the op catalogue', () => {
  it('has a case for every compute op, and the graphs use them all (and every source op)', () => {
    expect(Object.keys(OP_CASES).sort()).toEqual([...COMPUTE_OPS].sort());
    const used = new Set(GRAPHS.flatMap((g) => g.doc.nodes.map((n) => n.op)));
    expect([...used].sort()).toEqual(allOps().map((op) => op.name).sort());
    expect(new Set(GRAPHS.map((g) => g.doc.mode))).toEqual(new Set(['train', 'eval']));
    // A train-mode graph also runs in eval (compareGraph), so these run in both modes.
    const inTrain = new Set(GRAPHS.filter((g) => g.doc.mode === 'train').flatMap((g) => g.doc.nodes.map((n) => n.op)));
    expect(['dropout', 'batchnorm'].filter((op) => !inTrain.has(op))).toEqual([]);
  });
});

describe.skipIf(SKIP_WEBGPU)('WebGPU gives the CPU backend’s values and gradients', () => {
  let cpu: Backend;
  let gpu: Backend;
  beforeAll(async () => {
    cpu = createCpuBackend();
    gpu = await nodeWebGpu();
  });
  afterAll(() => {
    cpu?.dispose();
    gpu?.dispose();
  });

  for (const g of GRAPHS) {
    it(`random graph: ${g.name}`, async () => {
      expect(await compareGraph(g.doc, cpu, gpu)).toEqual([]);
    });
  }

  for (const file of exampleNames()) {
    it(`example ${file}, as bpstudio run prepares it`, async () => {
      const doc = loadExample(file);
      const path = `${EXAMPLES_DIR}/${file}`;
      const [want, got] = await Promise.all([cpu, gpu].map(async (b) => {
        const p = await prepareSession(path, doc, b);
        try {
          return await snapshot(p.session, undefined, p.feeds);
        } finally {
          p.dispose();
        }
      }));
      expect(want.size).toBeGreaterThan(0);
      expect(differences(got, want)).toEqual([]);
    }, 30_000);
  }
});
