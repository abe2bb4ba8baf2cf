/**
 * Backend conformance: every KernelCall kind (the table in
 * ./conformance-cases.ts cannot omit one) on every backend, compared with the
 * float64 CPU reference.
 *
 * Tolerance: |got − want| ≤ 1e-4·|want| + 1e-5·max(1, max|want|). The
 * absolute floor scales with the output's largest magnitude because a float32
 * sum that cancels to near zero keeps the rounding of its terms, not of its
 * result (a matmul entry close to 0 among entries of size 10); a case whose
 * values are all computable to full relative accuracy sets `atol: 0`, and one whose values are
 * chosen rather than computed (dropout's mask: 0 or the scale) sets `exact`.
 * Infinities and NaN must match exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, KernelKind } from '../../core/backend/backend.js';
import { allCases, type Case } from './conformance-cases.js';
import { BACKENDS, SKIP_WEBGPU } from './backends.js';

const SEED = 90210;
const RTOL = 1e-4;
const ATOL = 1e-5;

const KINDS = allCases(SEED);

/** Runs each case, returning the compared outputs. */
async function runCases(b: Backend, cases: readonly Case[]): Promise<Float64Array[][]> {
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

function mismatch(got: Float64Array, want: Float64Array, atol = ATOL, exact = false): string | null {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  if (exact) {
    const i = got.findIndex((g, k) => !Object.is(g, want[k]) && !Object.is(g, Math.fround(want[k])));
    return i < 0 ? null : `[${i}] = ${got[i]}, want exactly ${want[i]}`;
  }
  let scale = 1;
  for (const w of want) if (Number.isFinite(w)) scale = Math.max(scale, Math.abs(w));
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

const reference = new Map<KernelKind, Float64Array[][]>();

beforeAll(async () => {
  const cpu64 = await BACKENDS[0].create();
  for (const [kind, cases] of KINDS) reference.set(kind, await runCases(cpu64, cases));
  cpu64.dispose();
});

for (const spec of BACKENDS.slice(1)) {
  describe.skipIf(spec.name === 'webgpu' && SKIP_WEBGPU)(`${spec.name} backend conforms to cpu64`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await spec.create();
    });
    afterAll(() => backend?.dispose());

    for (const [kind, cases] of KINDS) {
      it(`${kind} (${cases.length} cases)`, async () => {
        const got = await runCases(backend, cases);
        const want = reference.get(kind) ?? [];
        const failures = cases.flatMap((c, i) => got[i].map((g, j) => mismatch(g, want[i][j], c.atol, c.exact)).filter((m) => m !== null).map((m) => `${c.name}: ${m}`));
        expect(failures).toEqual([]);
      });
    }
  });
}
