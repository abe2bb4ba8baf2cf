/**
 * Forward and backward of the seeds' first example, f = (x + y) z with x = -2, y = 5, z = -4:
 * ours through the engine (a Session on the CPU backend, every value and gradient computed and the
 * gradients of x, y and z read back) against tfjs's `tf.grads` on its current backend. A gate-level
 * graph is all overhead: this is the cost of a Run in the editor's worker on the smallest graph.
 * Each timed repetition makes CALLS calls, so that a few microseconds are measurable.
 */
import * as tf from '@tensorflow/tfjs';
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Session } from '../core/engine/executor.js';
import { loadGraphText } from '../core/graph/load.js';
import { measurePair } from './measure.js';

const CALLS = 2000;

export interface AddMulRow {
  /** Microseconds per forward and backward pass. */
  readonly oursUs: number;
  readonly peerUs: number;
  readonly reps: number;
  /** df/dx, df/dy, df/dz on each side (-4, -4, 3). */
  readonly ours: readonly number[];
  readonly peer: readonly number[];
}

export function benchAddMul(exampleText: string): AddMulRow {
  const r = loadGraphText(exampleText);
  if (!r.ok) throw new Error(`add-mul: ${r.problems[0]?.message}`);
  const backend = createCpuBackend();
  const session = new Session(r.doc, backend, { seed: 0 });
  let ours: number[] = [];
  const oursCall = () => {
    const run = session.run();
    ours = ['x', 'y', 'z'].map((id) => {
      const g = run.grad(id);
      return g ? backend.readSync(g)[0] : NaN;
    });
    run.release();
  };
  const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.mul(tf.add(x, y), z);
  const grads = tf.grads(f);
  const [x, y, z] = [tf.scalar(-2), tf.scalar(5), tf.scalar(-4)];
  let peer: number[] = [];
  const peerCall = () => {
    const g = grads([x, y, z]);
    peer = g.map((t) => t.dataSync()[0]);
    tf.dispose(g);
  };
  const many = (fn: () => void) => () => {
    for (let i = 0; i < CALLS; i++) fn();
  };
  const t = measurePair(many(oursCall), many(peerCall), { warmup: 3, minReps: 7, maxReps: 30, budgetMs: 3000 });
  session.dispose();
  tf.dispose([x, y, z]);
  return { oursUs: (t.oursMs * 1000) / CALLS, peerUs: (t.peerMs * 1000) / CALLS, reps: t.reps, ours, peer };
}
