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
import { allCases } from './conformance-cases.js';
import { failures, runCases, SEED } from './conformance-check.js';
import { BACKENDS, SKIP_WEBGPU } from './backends.js';

const KINDS = allCases(SEED);

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
        expect(failures(cases, got, want)).toEqual([]);
      });
    }
  });
}
