/**
 * Runs the conformance cases on a backend and compares outputs: shared by the suite in Node
 * (./conformance.test.ts) and its run in Chromium (./chromium/conformance-page.ts), so no Node
 * or vitest imports here. The tolerance is explained in ./conformance.test.ts.
 */
import type { Backend } from '../../core/backend/backend.js';
import type { Case } from './conformance-cases.js';

export const SEED = 90210;
const RTOL = 1e-4;
const ATOL = 1e-5;

/** Runs each case, returning the compared outputs. */
export async function runCases(b: Backend, cases: readonly Case[]): Promise<Float64Array[][]> {
  const pending = cases.map((c) => {
    const ts = c.inputs.map((i) => b.upload(i.shape, i.data));
    const out = b.run(c.call(ts));
    const read = c.compare ? c.compare.map((k) => ts[k]) : [out];
    const results = Promise.all(read.map((t) => b.download(t)));
    return results.then((rs) => {
      for (const t of new Set([...ts, out])) b.release(t);
      return rs.map((r) => Float64Array.from(r));
    });
  });
  return Promise.all(pending);
}

/**
 * How a float32 result differs from its reference, or null when it is within tolerance (see the
 * header of ./conformance.test.ts); the parity tests of the engine and the command line use it too.
 */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>, atol = ATOL, exact = false): string | null {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  if (exact) {
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(got[i], want[i]) && !Object.is(got[i], Math.fround(want[i]))) return `[${i}] = ${got[i]}, want exactly ${want[i]}`;
    }
    return null;
  }
  let scale = 1;
  for (let i = 0; i < want.length; i++) if (Number.isFinite(want[i])) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w))) continue;
      return `[${i}] = ${g}, want ${w}`;
    }
    if (Math.abs(g - w) > RTOL * Math.abs(w) + atol * scale) return `[${i}] = ${g}, want ${w} (error ${Math.abs(g - w).toExponential(2)})`;
  }
  return null;
}

/** Every case's failures against the reference outputs, as `case: what differs`. */
export function failures(cases: readonly Case[], got: readonly Float64Array[][], want: readonly Float64Array[][]): string[] {
  return cases.flatMap((c, i) => got[i].map((g, j) => mismatch(g, want[i][j], c.atol, c.exact)).filter((m) => m !== null).map((m) => `${c.name}: ${m}`));
}
