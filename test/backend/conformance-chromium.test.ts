/**
 * The backend conformance suite in Chromium: WebGPU as the editor's engine worker gets it
 * (`navigator.gpu`, here SwiftShader behind `--enable-unsafe-webgpu`), every KernelCall kind
 * against the float64 CPU backend in the same page. Node's run of the same cases through Dawn
 * is ./conformance.test.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipReason } from '../e2e/browser.js';
import { inBundledPage } from '../e2e/bundled-page.js';
import { SKIP_WEBGPU } from './backends.js';
import { CASES } from './conformance-cases.js';

type Result = { adapter: string; kinds: { kind: string; cases: number; failures: string[] }[] } | { missing: string };

describe.skipIf(skipReason !== undefined || SKIP_WEBGPU)('backend conformance in Chromium', () => {
  it('every kernel kind on the page\'s WebGPU matches the float64 CPU backend', async () => {
    const errors: string[] = [];
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chromium', 'conformance-page.ts');
    const r = await inBundledPage<Result>(entry, 'globalThis.runConformance()', { onPageError: (m) => errors.push(m) });
    if ('skipped' in r) throw new Error(r.skipped);
    const result = r.value;
    if ('missing' in result) throw new Error(`no WebGPU in Chromium: ${result.missing} (set BPSTUDIO_NO_WEBGPU=1 to skip the WebGPU tests)`);
    expect(errors).toEqual([]);
    expect(result.adapter).not.toBe('');
    expect(result.kinds.map((k) => k.kind).sort()).toEqual(Object.keys(CASES).sort()); // the table has every KernelKind (its type says so)
    expect(result.kinds.filter((k) => k.failures.length > 0)).toEqual([]);
    expect(result.kinds.every((k) => k.cases > 0)).toBe(true);
  }, 180_000);
});
