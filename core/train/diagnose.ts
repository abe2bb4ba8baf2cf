/**
 * Finding where a step went non-finite: the first node (in topological order)
 * whose value holds NaN or ±Infinity, or the first gradient (in backward order)
 * that does. Only run after something has gone wrong, so cost does not matter.
 */
import { allFiniteWasm } from '../backend/cpu/wasm/elementwise.js';
import type { Backend, SyncBackend } from '../backend/backend.js';
import type { StepResult } from '../engine/executor.js';

/** Where a non-finite value appeared: the node, its op, and the first bad value (`NaN`, `Infinity`, `-Infinity`). */
export interface NonFinite {
  readonly id: string;
  readonly op: string;
  readonly value: string;
}

/** The first non-finite element of `data` as text, or undefined if all are finite. */
export function firstBadValue(data: ArrayLike<number>): string | undefined {
  if (allFinite(data)) return undefined;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/**
 * True when every element is finite. The trainer asks this of every gradient every step, so it
 * runs without a branch per element: x * 0 is 0 for finite x and NaN for NaN and ±Infinity,
 * and one NaN makes the whole sum NaN.
 */
export function allFinite(data: ArrayLike<number>): boolean {
  // A gradient in the CPU backend's WebAssembly heap is scanned there, four values at a time.
  const inHeap = allFiniteWasm(data);
  if (inHeap !== undefined) return inHeap;
  let acc = 0;
  for (let i = 0; i < data.length; i++) acc += data[i] * 0;
  return acc === 0;
}

/** The first node of the run's plan, in topological order, whose value is not finite. */
export async function firstNonFiniteValue(r: StepResult): Promise<NonFinite | undefined> {
  for (const n of r.plan.nodes) {
    const v = r.value(n.id);
    if (!v) continue;
    const bad = firstBadValue((await r.read(v)).data);
    if (bad !== undefined) return { id: n.id, op: n.op.name, value: bad };
  }
  return undefined;
}

/** The first node whose gradient is not finite, walking from the output back, i.e. where the backward pass first broke. */
export async function firstNonFiniteGrad(r: StepResult): Promise<NonFinite | undefined> {
  for (let i = r.plan.nodes.length - 1; i >= 0; i--) {
    const n = r.plan.nodes[i];
    const g = r.grad(n.id);
    if (!g) continue;
    const bad = firstBadValue((await r.read(g)).data);
    if (bad !== undefined) return { id: n.id, op: n.op.name, value: bad };
  }
  return undefined;
}

/** Backends that read synchronously (CPU) let the trainer check every gradient at no real cost. */
export function isSyncBackend(b: Backend): b is SyncBackend {
  return typeof (b as Partial<SyncBackend>).readSync === 'function';
}

