/**
 * `--backend webgpu` and `auto` on the command line: the same values and gradients as the CPU
 * within float32 tolerance, and one line saying what is missing when there is no adapter.
 * (Every example and the op catalogue are compared in-process in test/engine/webgpu-parity.)
 */
import { describe, expect, it } from 'vitest';
import { SKIP_WEBGPU } from '../backend/backends.js';
import { mismatch } from '../backend/conformance-check.js';
import { bpstudio, example } from './cli-helpers.js';

interface RunJson {
  readonly outputValue: number[];
  readonly nodes: Record<string, { value: (number | null)[]; grad?: (number | null)[] }>;
}

async function runJson(file: string, backend: string): Promise<RunJson> {
  const r = await bpstudio(['run', file, '--backend', backend, '--json']);
  if (r.code !== 0) throw new Error(`bpstudio run --backend ${backend} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunJson;
}

/** float32 on two backends, compared as the conformance suite does; JSON writes non-finite numbers as null. */
function expectClose(got: readonly (number | null)[], want: readonly (number | null)[], what: string): void {
  const finite = (xs: readonly (number | null)[]) => xs.map((x) => x ?? NaN);
  expect(mismatch(finite(got), finite(want)), what).toBeNull();
}

describe.skipIf(SKIP_WEBGPU)('bpstudio on WebGPU', () => {
  for (const name of ['add-mul', 'xor-mlp', 'sigmoid-neuron']) {
    it(`run --backend webgpu --json gives what cpu gives on ${name}`, async () => {
      const [gpu, cpu] = await Promise.all([runJson(example(name), 'webgpu'), runJson(example(name), 'cpu')]);
      expect(Object.keys(gpu.nodes).sort()).toEqual(Object.keys(cpu.nodes).sort());
      for (const [id, n] of Object.entries(cpu.nodes)) {
        expectClose(gpu.nodes[id].value, n.value, `${id} value`);
        if (n.grad) expectClose(gpu.nodes[id].grad ?? [], n.grad, `${id} grad`);
      }
    }, 60_000);
  }

  it('train --backend webgpu reaches 100% on XOR', async () => {
    const r = await bpstudio(['train', example('xor-mlp'), '--backend', 'webgpu', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { final } = JSON.parse(r.stdout) as { final: { accuracy: number } };
    expect(final.accuracy).toBe(1);
  }, 120_000);
});

describe('bpstudio without WebGPU', () => {
  it('--backend webgpu with no Vulkan driver exits 1 with one line saying what is missing', async () => {
    const r = await bpstudio(['run', example('add-mul'), '--backend', 'webgpu'], undefined, { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^bpstudio: WebGPU is not available: no WebGPU adapter: no Vulkan driver at \/nonexistent\/icd\.json .*apt-get install libvulkan1 chromium/),
      '',
    ]);
  });

  it('--backend auto with no Vulkan driver computes on the CPU', async () => {
    const r = await bpstudio(['run', example('add-mul'), '--backend', 'auto', '--json'], undefined, { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as RunJson).outputValue).toEqual([-12]);
  });
});
