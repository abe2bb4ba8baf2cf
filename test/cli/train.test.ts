import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGraphText } from '../../core/graph/load.js';
import { writeGraph } from '../../core/graph/write.js';
import { bpstudio, example, hasStackTrace, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface TrainJson {
  history: { step: number; epoch: number; loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number }[];
  final: { step: number; epoch: number; loss: number; accuracy?: number; stoppedEarly: boolean; reason: string };
}

/** A copy of the XOR example in the temp folder, optionally with its training block changed. */
function xorCopy(name: string, training: Record<string, unknown> = {}): string {
  const loaded = loadGraphText(readFileSync(example('xor-mlp'), 'utf8'));
  if (!loaded.ok) throw new Error('xor-mlp example does not load');
  const doc = { ...loaded.doc, training: { ...loaded.doc.training, ...training } };
  return tmp.file(name, writeGraph(doc));
}

describe('bpstudio train', () => {
  it('trains XOR to 100% and prints the history as JSON', async () => {
    const r = await bpstudio(['train', example('xor-mlp'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as TrainJson;
    expect(out.history).toHaveLength(100);
    expect(out.history[0]).toMatchObject({ step: 1, epoch: 1 });
    expect(out.final).toMatchObject({ step: 100, epoch: 100, accuracy: 1, stoppedEarly: false, reason: 'epochs' });
    expect(out.final.loss).toBeLessThan(out.history[0].loss);
  });

  it('prints progress lines without --json, and honours --epochs and --steps', async () => {
    const r = await bpstudio(['train', example('xor-mlp'), '--epochs', '30']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^epoch\s+1\/30\s+step 1\s+loss \S+\s+accuracy \d+\.\d%/);
    expect(lines.some((l) => /^epoch 30\/30 /.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^done: all epochs done after 30 epochs \(30 steps\) in \d+\.\d s$/);
    const capped = JSON.parse((await bpstudio(['train', example('xor-mlp'), '--steps', '7', '--json'])).stdout) as TrainJson;
    expect(capped.final).toMatchObject({ step: 7, reason: 'steps', stoppedEarly: true });
  });

  it('gives the same losses, bit for bit, on two runs', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => bpstudio(['train', example('spiral-softmax'), '--epochs', '20', '--json'])));
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('writes the trained graph with --out: complete, canonical, valid, and the input untouched', async () => {
    const input = xorCopy('xor.bpgraph');
    const before = readFileSync(input, 'utf8');
    const out = path.join(tmp.dir, 'trained.bpgraph');
    const r = await bpstudio(['train', input, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote the trained graph to ${out}`);
    expect(readFileSync(input, 'utf8')).toBe(before);
    const text = readFileSync(out, 'utf8');
    const loaded = loadGraphText(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(writeGraph(loaded.doc)).toBe(text);
    for (const id of ['W1', 'b1', 'W2', 'b2']) expect(loaded.doc.nodes.find((n) => n.id === id)?.attrs?.['value'], id).toBeDefined();
    // No temporary file is left next to it.
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The trained weights classify XOR already: one more epoch starts at 100%.
    const again = JSON.parse((await bpstudio(['train', out, '--epochs', '1', '--json'])).stdout) as TrainJson;
    expect(again.final.accuracy).toBe(1);
  });

  it('writes nothing when training fails, and leaves an existing target as it was', async () => {
    const input = xorCopy('explode.bpgraph', { optimizer: { type: 'sgd', lr: 1e38 } });
    const target = tmp.file('keep.bpgraph', 'old contents\n');
    const r = await bpstudio(['train', input, '--out', target]);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toMatch(new RegExp(`^bpstudio: ${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: training stopped at step \\d+: node "\\w+" \\(\\w+\\) produced (-?Infinity|NaN)\n$`));
    expect(readFileSync(target, 'utf8')).toBe('old contents\n');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses, before training, to write into a missing folder or onto a folder', async () => {
    const missing = path.join(tmp.dir, 'no-such-dir', 'out.bpgraph');
    const r = await bpstudio(['train', example('xor-mlp'), '--out', missing]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `bpstudio: cannot write ${missing}: directory ${path.dirname(missing)} does not exist\n` });
    const dir = await bpstudio(['train', example('xor-mlp'), '--out', tmp.dir]);
    expect(dir).toEqual({ code: 1, stdout: '', stderr: `bpstudio: cannot write ${tmp.dir}: it is a directory\n` });
  });

  it('overwrites the input only when --out names it explicitly', async () => {
    const input = xorCopy('in-place.bpgraph');
    const mode = statSync(input).mode;
    const r = await bpstudio(['train', input, '--epochs', '5', '--out', input]);
    expect(r.code).toBe(0);
    const loaded = loadGraphText(readFileSync(input, 'utf8'));
    expect(loaded.ok && loaded.doc.nodes.find((n) => n.id === 'W2')?.attrs?.['value'] !== undefined).toBe(true);
    expect(statSync(input).mode).toBe(mode);
  });

  it('explains a graph without a training block, and a bad flag, in one line', async () => {
    const r = await bpstudio(['train', example('add-mul')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bpstudio: .*add-mul\.bpgraph: the graph has no training block/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const flag = await bpstudio(['train', example('xor-mlp'), '--epoch', '3']);
    expect(flag).toEqual({ code: 1, stdout: '', stderr: 'bpstudio: unknown flag --epoch (did you mean --epochs?)\n' });
    const value = await bpstudio(['train', example('xor-mlp'), '--epochs', 'many']);
    expect(value.stderr).toBe('bpstudio: --epochs must be a whole number >= 1, got "many"\n');
  });
});
