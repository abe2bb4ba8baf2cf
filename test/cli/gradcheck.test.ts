import { afterAll, describe, expect, it } from 'vitest';
import { bpstudio, example, smallGraph, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface GradcheckJson {
  ok: boolean;
  threshold: number;
  eps: number;
  nodes: { id: string; op: string; checked: number; size: number; maxRelError: number }[];
}

describe('bpstudio gradcheck', () => {
  it.each(['add-mul', 'sigmoid-neuron', 'gate-patterns', 'xor-mlp', 'spiral-softmax', 'spiral-relu-net', 'digits-mlp'])(
    'passes on the %s example',
    async (name) => {
      const r = await bpstudio(['gradcheck', example(name)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\S+ \(\w+\): max relative error \S+ \(\d+ of \d+ elements\)\s+ok$/);
      expect(lines.at(-1)).toMatch(/^ok: \d+ nodes? within 1\.0e-4$/);
    },
    20_000,
  );

  it('reports every param and input as JSON', async () => {
    const r = await bpstudio(['gradcheck', example('sigmoid-neuron'), '--json', '--threshold', '1e-6', '--eps', '1e-6']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as GradcheckJson;
    expect(out.ok).toBe(true);
    expect(out.threshold).toBe(1e-6);
    expect(out.eps).toBe(1e-6);
    expect(out.nodes.map((n) => n.id).sort()).toEqual(['w0', 'w1', 'w2', 'x0', 'x1']);
    for (const n of out.nodes) expect(n.maxRelError).toBeLessThan(1e-6);
  });

  it('fails with exit 1 at a kink, where the centred difference averages two slopes', async () => {
    // relu at exactly 0: the analytic gradient is 0, the centred difference 1/2.
    const g = smallGraph();
    g.nodes = [
      { id: 'x', op: 'input', attrs: { value: 0 } },
      { id: 'r', op: 'relu' },
    ];
    g.edges = [{ from: 'x', to: 'r', port: 'x' }];
    g.output = 'r';
    const file = tmp.file('kink.bpgraph', JSON.stringify(g));
    const r = await bpstudio(['gradcheck', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^x \(input\): max relative error 1\.0e0 \(1 of 1 elements\)\s+FAILED$/m);
    expect(r.stderr).toBe(`bpstudio: ${file}: gradcheck FAILED for x (relative error above 1.0e-4)\n`);
  });

  it('fails with exit 1 on a gradient that is infinite in one element, and names it', async () => {
    // sqrt at 0: the analytic gradient is Infinity, the centred difference NaN (sqrt(-eps)).
    // Element 0 checks out first, which used to let the NaN error through.
    const g = smallGraph();
    g.nodes = [
      { id: 'x', op: 'input', attrs: { value: [1, 0] } },
      { id: 's', op: 'sqrt' },
    ];
    g.edges = [{ from: 'x', to: 's', port: 'x' }];
    g.output = 's';
    const file = tmp.file('sqrt0.bpgraph', JSON.stringify(g));
    const r = await bpstudio(['gradcheck', file]);
    expect(r.code).toBe(1);
    const why = 'analytic gradient is Infinity and numeric gradient is NaN at element 1';
    expect(r.stdout).toBe(`x (input): max relative error Infinity (2 of 2 elements)  FAILED: ${why}\n`);
    expect(r.stderr).toBe(`bpstudio: ${file}: gradcheck FAILED for x (${why}) (gradient not finite)\n`);
    const json = await bpstudio(['gradcheck', file, '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as GradcheckJson & { nodes: { nonFinite?: string }[] };
    expect(out.ok).toBe(false);
    expect(out.nodes[0].nonFinite).toBe(why);
  });

  it('rejects a threshold that is not a positive number', async () => {
    const r = await bpstudio(['gradcheck', example('add-mul'), '--threshold', '-1']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'bpstudio: --threshold must be a number > 0, got "-1"\n' });
  });
});
