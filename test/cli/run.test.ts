import { afterAll, describe, expect, it } from 'vitest';
import { bpstudio, example, hasStackTrace, smallGraph, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface RunJson {
  output: string;
  outputValue: (number | null)[];
  nodes: Record<string, { shape: number[]; value: (number | null)[]; grad?: (number | null)[] }>;
}

async function runJson(file: string, ...flags: string[]): Promise<RunJson> {
  const r = await bpstudio(['run', file, '--json', ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // Exactly one JSON object on stdout, nothing else.
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as RunJson;
}

describe('bpstudio run', () => {
  it('prints the values and gradients of f = (x + y) z as JSON', async () => {
    const out = await runJson(example('add-mul'));
    expect(out).toEqual({
      output: 'f',
      outputValue: [-12],
      nodes: {
        x: { shape: [], value: [-2], grad: [-4] },
        y: { shape: [], value: [5], grad: [-4] },
        z: { shape: [], value: [-4], grad: [3] },
        q: { shape: [], value: [3], grad: [-4] },
        f: { shape: [], value: [-12], grad: [1] },
      },
    });
  });

  it('prints a table without --json', async () => {
    const r = await bpstudio(['run', example('add-mul')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['id', 'op', 'shape', 'value', 'grad']);
    expect(lines[1].split(/\s+/)).toEqual(['x', 'input', '[]', '-2', '-4']);
    expect(lines[5].split(/\s+/)).toEqual(['f', 'mul', '[]', '-12', '1']);
    expect(r.stdout).toContain('output f = -12');
  });

  it('gives the sigmoid neuron its cs231n numbers', async () => {
    const { nodes, outputValue } = await runJson(example('sigmoid-neuron'));
    const two = (v: number | null | undefined) => Number((v ?? NaN).toFixed(2));
    expect(two(outputValue[0])).toBe(0.73);
    expect(two(nodes.w0.grad?.[0])).toBe(-0.2);
    expect(two(nodes.x0.grad?.[0])).toBe(0.39);
    expect(two(nodes.w1.grad?.[0])).toBe(-0.39);
    expect(two(nodes.x1.grad?.[0])).toBe(-0.59);
    expect(two(nodes.w2.grad?.[0])).toBe(0.2);
  });

  it('writes NaN and Infinity as null, and leaves out gradients of nodes the output does not use', async () => {
    const g = smallGraph();
    g.nodes.push({ id: 'm', op: 'const', attrs: { value: -1 } }, { id: 'l', op: 'log' }, { id: 'r', op: 'recip' }, { id: 'zero', op: 'const', attrs: { value: 0 } }, { id: 'side', op: 'neg' });
    g.edges.push({ from: 'm', to: 'l', port: 'x' }, { from: 'zero', to: 'r', port: 'x' }, { from: 'x', to: 'side', port: 'x' });
    g.nodes.push({ id: 'out', op: 'add' });
    g.edges.push({ from: 'l', to: 'out', port: 'a' }, { from: 'r', to: 'out', port: 'b' });
    g.output = 'out';
    const out = await runJson(tmp.file('nan.bpgraph', JSON.stringify(g)));
    expect(out.nodes.l.value).toEqual([null]);
    expect(out.nodes.r.value).toEqual([null]);
    expect(out.outputValue).toEqual([null]);
    expect(out.nodes.side).toEqual({ shape: [], value: [2] });
    expect(out.nodes.q.grad).toBeUndefined();
    expect(out.nodes.m.grad).toEqual([-1]);
  });

  it('feeds the first batch of the dataset to bound inputs', async () => {
    const out = await runJson(example('xor-mlp'));
    expect(out.output).toBe('loss');
    expect(out.nodes.X.shape).toEqual([4, 2]);
    expect(out.nodes.X.value).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(out.nodes.y.value).toEqual([0, 1, 1, 0]);
    expect(out.nodes.scores.shape).toEqual([4, 2]);
    // Every node the loss depends on has a gradient of its own shape.
    for (const [id, n] of Object.entries(out.nodes)) {
      expect(n.grad, id).toBeDefined();
      expect(n.grad?.length, id).toBe(n.value.length);
    }
    expect(out.nodes.loss.grad).toEqual([1]);
  });

  it('accepts --mode and --backend cpu, and rejects other values in one line', async () => {
    expect((await runJson(example('add-mul'), '--mode', 'train', '--backend', 'cpu')).outputValue).toEqual([-12]);
    const bad = await bpstudio(['run', example('add-mul'), '--backend', 'gpu']);
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'bpstudio: --backend must be one of auto, webgpu, cpu, got "gpu"\n' });
    const mode = await bpstudio(['run', example('add-mul'), '--mode=test']);
    expect(mode.code).toBe(1);
    expect(mode.stderr).toBe('bpstudio: --mode must be one of train, eval, got "test"\n');
  });

  it('says when a bound input has no training block to feed it', async () => {
    const g = smallGraph();
    g.nodes[0] = { id: 'x', op: 'input', attrs: { bind: 'features' } };
    const file = tmp.file('unbound.bpgraph', JSON.stringify(g));
    const r = await bpstudio(['run', file]);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toBe(`bpstudio: ${file}: node "x": input is bound to the dataset, but the graph has no training block naming a dataset\n`);
  });
});
