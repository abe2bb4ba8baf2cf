/**
 * The engine service's backend: the choice (auto, webgpu, cpu) and what it says about it, a real
 * WebGPU backend through Dawn, and a GPU lost under a training run, after which training goes on
 * on the CPU from the weights last read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, KernelCall } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { GpuSource } from '../../core/backend/select.js';
import { nodeGpu } from '../../core/cli/node-gpu.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { EngineService, type EngineServiceOptions } from '../../core/studio/engine-service.js';
import type { TrainProgress } from '../../core/studio/protocol.js';
import { SKIP_WEBGPU } from '../backend/backends.js';
import { loadExample } from '../examples/example-helpers.js';

const noGpu: GpuSource = () => Promise.resolve({ missing: 'no adapter in this test' });

async function open(doc: GraphDoc, opts: EngineServiceOptions) {
  const service = new EngineService(opts);
  const reports: TrainProgress[] = [];
  service.subscribe((p) => reports.push(p), () => undefined);
  await service.setDocument(doc);
  const until = async (pred: (p: TrainProgress) => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(reports.length > 0 && pred(reports[reports.length - 1]))) {
      if (Date.now() > end) throw new Error(`timed out; last report ${JSON.stringify(reports.at(-1)?.phase)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return reports[reports.length - 1];
  };
  return { service, reports, until };
}

describe('the engine service\'s backend', () => {
  it('refuses webgpu without an adapter, saying why, and keeps computing where it did', async () => {
    const { service } = await open(loadExample('add-mul'), { gpuSource: noGpu });
    const r = await service.setBackend('webgpu');
    // The kernels run in WebAssembly SIMD here (Node 20 has it), which the status bar shows too.
    // Its threads: the engine's own, plus its workers once they have started (in the background).
    const cpu = { active: 'cpu', kernels: 'WebAssembly SIMD', threads: expect.any(Number) };
    expect(r).toEqual({ ok: false, message: 'WebGPU is not available: no adapter in this test', status: { ...cpu, choice: 'cpu', reason: 'CPU: chosen' } });
    const auto = await service.setBackend('auto');
    expect(auto).toEqual({ ok: true, status: { ...cpu, choice: 'auto', reason: 'CPU: no WebGPU (no adapter in this test)' } });
    expect(auto.ok && auto.status.threads).toBeGreaterThanOrEqual(1);
    const run = await service.run();
    expect(run.ok && Array.from(run.values['f'].data)).toEqual([-12]);
  });

  it('keeps a paused run\'s weights when the backend changes', async () => {
    const { service, reports } = await open(loadExample('xor-mlp'), { gpuSource: noGpu });
    for (let i = 0; i < 30; i++) await service.step();
    const before = await service.run();
    await service.setBackend('cpu');
    const after = await service.run();
    expect(reports.at(-1)?.backend?.reason).toBe('CPU: chosen');
    expect(before.ok && after.ok && Array.from(after.values['loss'].data)).toEqual(before.ok && Array.from(before.values['loss'].data));
  });

  it('goes on training on the CPU when the GPU is lost, from the weights last read back', async () => {
    // A stand-in GPU: the CPU backend under the name webgpu, lost after some kernels. The service's
    // clock runs 50 times fast, so weights are read back every 40 ms instead of every 2 s.
    const inner = createCpuBackend();
    let calls = 0;
    let lost: string | null = null;
    const flaky: Backend & { lost: string | null } = {
      name: 'webgpu',
      get lost() {
        return lost;
      },
      alloc: (s) => inner.alloc(s),
      upload: (s, d) => inner.upload(s, d),
      download: (t) => inner.download(t),
      reshape: (t, s) => inner.reshape(t, s),
      release: (t) => inner.release(t),
      dispose: () => inner.dispose(),
      run: (call: KernelCall) => {
        if (++calls > 60_000) lost ??= 'destroyed in a test';
        if (lost !== null) throw new Error(`the WebGPU device was lost: ${lost}`);
        return inner.run(call);
      },
    };
    const doc = loadExample('xor-mlp');
    const e = await open({ ...doc, training: { ...doc.training, epochs: 3000 } }, { createBackend: () => flaky, now: () => performance.now() * 50 });
    await e.service.start();
    const moved = await e.until((p) => p.backend?.active === 'cpu' && p.phase === 'running');
    expect(moved.backend?.reason).toBe('CPU: the GPU was lost (destroyed in a test)');
    const note = e.reports.flatMap((r) => r.events).find((ev) => ev.text.startsWith('the GPU was lost'));
    expect(note?.text).toMatch(/^the GPU was lost \(destroyed in a test\); training goes on on the CPU from the weights of step \d+$/);
    const done = await e.until((p) => p.phase === 'done');
    expect(done.records.at(-1)?.accuracy ?? e.reports.flatMap((r) => r.records).at(-1)?.accuracy).toBe(1);
  });
});

describe.skipIf(SKIP_WEBGPU)('the engine service on WebGPU (Dawn)', () => {
  let service: EngineService | undefined;
  afterAll(async () => {
    // Back to the CPU disposes the GPU backend, so that Dawn lets the process end.
    await service?.setBackend('cpu');
  });

  it('runs f = (x + y) z on WebGPU and says on which adapter', async () => {
    const e = await open(loadExample('add-mul'), { gpuSource: nodeGpu });
    service = e.service;
    const r = await e.service.setBackend('webgpu');
    if (!r.ok) throw new Error(`${r.message} (set BPSTUDIO_NO_WEBGPU=1 to skip the WebGPU tests)`);
    expect(r.status.active).toBe('webgpu');
    expect(r.status.reason).toMatch(/^WebGPU: /);
    const run = await e.service.run();
    if (!run.ok) throw new Error(run.message);
    expect(Array.from(run.values['f'].data)).toEqual([-12]);
    expect(Array.from(run.grads['x'].data)).toEqual([-4]);
    expect(Array.from(run.grads['z'].data)).toEqual([3]);
  }, 60_000);
});

describe('the engine service on a backend with a queue', () => {
  it('trains XOR with pipelined reads, reporting every step once and in order', async () => {
    // The CPU backend without readSync: the trainer treats it as it treats WebGPU.
    const { countingBackend } = await import('../engine/counting-backend.js');
    const e = await open(loadExample('xor-mlp'), { createBackend: () => countingBackend({ async: true }) });
    await e.service.start();
    const done = await e.until((p) => p.phase === 'done');
    expect(done.reason).toBe('epochs');
    expect(e.reports.flatMap((r) => r.points.step)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(e.reports.flatMap((r) => r.records).at(-1)?.accuracy).toBe(1);
  });

  it('takes diagnostics between pipelined stretches, still reporting every step once', async () => {
    const { countingBackend } = await import('../engine/counting-backend.js');
    const doc = loadExample('xor-mlp');
    const service = new EngineService({ createBackend: () => countingBackend({ async: true }) });
    const reports: TrainProgress[] = [];
    let diagnostics = 0;
    service.subscribe((p) => reports.push(p), (v) => void (v.diagnostics && diagnostics++));
    await service.setDocument({ ...doc, training: { ...doc.training, epochs: 400 } });
    await service.setVisualsWanted({ diagnostics: true });
    await service.start();
    const end = Date.now() + 60_000;
    while (reports.at(-1)?.phase !== 'done' && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(reports.at(-1)?.phase).toBe('done');
    expect(reports.flatMap((r) => r.points.step)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(diagnostics).toBeGreaterThan(0);
  });
});
