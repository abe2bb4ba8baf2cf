/**
 * The editor's workers may compile WebAssembly SIMD under the app's Content-Security-Policy
 * (served here as in the desktop app): the engine worker's CPU backend runs its float32 matmul
 * that way. Were compilation refused, the backend would fall back to its TypeScript kernels
 * without a word, several times slower.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';

/** A module whose f() splats 2.5 into an f32x4 and reads lane 0 back. */
async function probeModule(): Promise<number[]> {
  const wabt = await (createRequire(import.meta.url)('wabt') as () => Promise<{ parseWat(name: string, text: string, features: object): { toBinary(o: object): { buffer: Uint8Array } } }>)();
  const wat = '(module (func (export "f") (result f32) (f32x4.extract_lane 0 (f32x4.splat (f32.const 2.5)))))';
  return Array.from(wabt.parseWat('probe.wat', wat, { simd: true }).toBinary({}).buffer);
}

/** Runs in a worker (a script string: this file is typechecked without the DOM's types). */
const RUN_PROBE = `(bytes) => {
  try {
    const f = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), {}).exports.f;
    return String(f());
  } catch (e) {
    return String(e);
  }
}`;

describe.skipIf(skipReason !== undefined)('WebAssembly in the editor', () => {
  const session = editorSession();

  it('every worker (the engine among them) compiles and runs a SIMD module under the app CSP', async () => {
    const bytes = await probeModule();
    const { page } = await session.browserHost();
    await expect.poll(() => page.workers().length, POLL).toBeGreaterThan(0);
    const results = await Promise.all(page.workers().map((w) => w.evaluate(`(${RUN_PROBE})(${JSON.stringify(bytes)})`)));
    expect(results.every((r) => r === '2.5'), results.join('; ')).toBe(true);
  });
});
