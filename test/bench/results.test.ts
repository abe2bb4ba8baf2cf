/** The README's benchmark section is made from bench/results.json. */
import { describe, expect, it } from 'vitest';
import { type BenchResults, END, resultsMarkdown, START, withResults } from '../../bench/results.js';

const measured = { tsGflops: 5, tfjsCpuGflops: 1, wasmGflops: 40, tfjsWasmGflops: 20, reps: 10, maxDiff: 1e-6 };
const results: BenchResults = {
  date: '2026-12-01 17:30',
  machine: 'AMD EPYC, 2 cores, load 1.0 1.0 1.0',
  node: '20.20.2',
  tfjs: '4.22.0',
  clock: 'wall',
  matmul: [
    { label: '256×256', m: 256, k: 256, n: 256, transA: false, transB: false, ...measured },
    { label: 'dW = xᵀ·dy', m: 784, k: 128, n: 256, transA: true, transB: false, ...measured, wasmGflops: Number.NaN },
  ],
  steps: [
    { workload: 'spiral 2-100-3, 300 points', peer: 'tfjs-wasm', oursMs: 0.5, peerMs: 2, reps: 20, oursLoss: [1.1, 0.9], peerLoss: [1.1, 0.9] },
    { workload: 'conv net', peer: 'tfjs-wasm', unsupported: 'tfjs-backend-wasm 4.22.0 registers no Conv2DBackpropFilter kernel' },
  ],
  addMul: { oursUs: 2.5, peerUs: 40, peer: 'tfjs-cpu' },
  trainer: { trainerMs: 5, engineMs: 4.9, tfjsWasmMs: 25 },
  cliTrain: {
    file: 'assets/examples/digits-mlp.bpgraph',
    steps: [250, 1000],
    runs: 4,
    wallMs: [2000, 4000],
    cpuMs: [1800, 3500],
    msPerStep: 4,
    marginalMsPerStep: 2,
    loss: [0.5, 0.25],
    valAccuracy: 0.9,
    peerWorkload: 'MLP 196-64-10, batch 32, sgd, momentum 0.9',
    engineMs: 0.5,
    tfjsWasmMs: 1,
    engineLoss: [2.3, 2.2],
    peerLoss: [2.3, 2.2],
  },
  memory: { steps: 1000, arrayBuffersMb: 0, heapMb: 0.1, rssMb: 0.5, arrayBuffersEndMb: 12.3 },
  allocation: [
    { workload: 'spiral 2-100-3, 300 points', kernels: 26, engineBytes: 1500, replayedBytes: 5200, opByOpBytes: 46800, replayedMs: 0.13, opByOpMs: 0.26 },
    { workload: 'deep MLP', kernels: 76, engineBytes: 1500, replayedBytes: 6200, opByOpBytes: 136800, replayedMs: 0.35, opByOpMs: 1.05 },
  ],
};

describe('bench results in the README', () => {
  it('replaces only what lies between the markers, with the date, machine, versions and ratios', () => {
    const readme = `# Title\n\n${START}\nold figures\n${END}\n\nAfter.\n`;
    const out = withResults(readme, results);
    expect(out.startsWith(`# Title\n\n${START}\n`)).toBe(true);
    expect(out.endsWith(`${END}\n\nAfter.\n`)).toBe(true);
    expect(out).not.toContain('old figures');
    expect(out).toContain('2026-12-01 17:30, AMD EPYC, 2 cores');
    expect(out).toContain('tfjs 4.22.0');
    expect(out).toContain('| 256×256 | 5.00 GFLOP/s | 1.00 | 5.00× | 40.00 GFLOP/s | 20.00 | 2.00× | 1.0e-6 |');
    // A transposed product names its operands' sizes; a missing figure is a dash, not NaN.
    expect(out).toContain('| dW = xᵀ·dy, 784×128 · 128×256 | 5.00 GFLOP/s | 1.00 | 5.00× | — | 20.00 | — | 1.0e-6 |');
    expect(out).toContain('| spiral 2-100-3, 300 points | tfjs-wasm | 0.500 ms | 2.000 ms | 4.00× | 1.100 → 0.900 / 1.100 → 0.900 |');
    expect(out).toContain('| conv net | tfjs-wasm | — | — | — (tfjs-backend-wasm 4.22.0 registers no Conv2DBackpropFilter kernel) | — |');
    expect(out).toContain('`bpstudio train assets/examples/digits-mlp.bpgraph --steps N`');
    expect(out).toContain('training loss 0.500 after the first epoch, 0.250 after 1000 steps, validation accuracy 90.0%');
    expect(out).toContain('| 1000 steps, the whole process | 4.00 s | 3.50 s | 4.000 ms | 1.000 ms | 0.25× |');
    expect(out).toContain('| each step past the first 250 (the difference) | | | 2.000 ms | 1.000 ms | 0.50× |');
    expect(out).toContain('| our engine\'s step alone, in this process | | | 0.500 ms | 1.000 ms | 2.00× |');
    expect(out).toContain('ours 2.50 µs');
    expect(out).toContain('5.000 ms against the engine alone\'s 4.900 ms; tfjs-wasm\'s step 25.000 ms, 5.00× ours through the trainer');
    expect(out).toContain('typed-array storage 0.00 MB (ending at 12.3 MB)');
    expect(out).toContain('| spiral 2-100-3, 300 points | 26 | 1500 B | 5200 B | 46800 B | 0.130 | 0.260 | 2.00× |');
    expect(out).toContain('50 more kernels a step add 20 B a kernel to a replayed trainer step (1800 B op by op)');
    expect(out).not.toContain('NaN');
    // Run again: the same section, not a second one.
    expect(withResults(out, results)).toBe(out);
  });

  it('adds the Chromium rows as they ran, or says why they did not', () => {
    const chromium = {
      chromium: '156.0.0.0',
      hardwareConcurrency: 2,
      crossOriginIsolated: true,
      workersCrossOriginIsolated: true,
      tfjs: '4.22.0',
      matmul: [{ ours: { kernels: 'auto' as const, threads: 1 }, oursKernels: 'wasm-simd' as const, peer: 'tfjs-wasm' as const, peerThreads: 2, size: 512, oursGflops: 80, peerGflops: 40, reps: 9, maxDiff: 1e-6 }],
      steps: [],
      notRun: ['conv net: tfjs-wasm lacks a kernel'],
    };
    const md = resultsMarkdown({ ...results, chromium });
    expect(md).toContain('In Chromium 156.0.0.0 (a dedicated worker per pairing, cross-origin isolated: page yes, workers yes; 2 cores');
    expect(md).toMatch(/ours-wasm 2t +tfjs-wasm 2t/);
    expect(md).toContain('2.00x');
    expect(md).toContain('not run: conv net: tfjs-wasm lacks a kernel');
    expect(resultsMarkdown({ ...results, chromium: { skipped: 'no browser' } })).toContain('In Chromium: not run (no browser).');
  });

  it('leaves a README without markers as it is', () => {
    expect(withResults('# no markers\n', results)).toBe('# no markers\n');
  });
});
