/** The debugger's trace stepping and its filled-in gradient rules, on real Runs of core's engine. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { runGraph } from '../../core/studio/run-graph.js';
import { hostTensor } from '../../core/tensor/tensor.js';
import { buildTrace, continueCursor, type DebugTrace, firstBackward, inputEdges, stepCursor, stepLabel } from '../../renderer/model/debug-trace.js';
import { fillRules, type RuleInput, texNumber } from '../../renderer/model/grad-rules.js';
import { example } from './helpers.js';

async function traceOf(doc: GraphDoc): Promise<DebugTrace> {
  const reply = await runGraph(doc, createCpuBackend(), {});
  if (!reply.ok) throw new Error(reply.message);
  return buildTrace(reply);
}

/** The rules of the current node of a trace step, as the debugger card builds them. */
function rulesAt(doc: GraphDoc, trace: DebugTrace, node: string) {
  const n = doc.nodes.find((it) => it.id === node);
  const edges = inputEdges(doc, node);
  const input: RuleInput = {
    op: n?.op ?? '',
    attrs: n?.attrs ?? {},
    inputs: new Map(edges.flatMap((e) => (trace.values.has(e.from) ? [[e.port, trace.values.get(e.from) ?? hostTensor([])]] : []))),
    out: trace.values.get(node) ?? hostTensor([]),
    dy: trace.grads.get(node) ?? hostTensor([]),
    sent: new Map(edges.flatMap((e) => (trace.edgeGrads.has(e.id) ? [[e.port, trace.edgeGrads.get(e.id) ?? hostTensor([])]] : []))),
  };
  return fillRules(input);
}

describe('debug trace', () => {
  it('walks (x + y) z forward in topological order, then backward in reverse', async () => {
    const doc = example('add-mul.bpgraph');
    const trace = await traceOf(doc);
    expect(trace.steps.map((s) => `${s.phase[0]}:${s.node}`)).toEqual(['f:x', 'f:y', 'f:z', 'f:q', 'f:f', 'b:f', 'b:q', 'b:z', 'b:y', 'b:x']);
    const back = trace.steps.filter((s) => s.phase === 'backward').map((s) => s.node);
    // Reverse topological: every node comes before each of its inputs.
    for (const e of doc.edges) expect(back.indexOf(e.to)).toBeLessThan(back.indexOf(e.from));
    expect(stepLabel(trace.steps[6], doc)).toBe('backward 2/5: q (add)');
  });

  it('steps, steps back, stops at breakpoints in both passes and ends at the last step', async () => {
    const trace = await traceOf(example('add-mul.bpgraph'));
    const last = trace.steps.length - 1;
    expect(stepCursor(trace, 0, -1)).toBe(0);
    expect(stepCursor(trace, 3, 1)).toBe(4);
    expect(stepCursor(trace, last, 1)).toBe(last);
    const bp = new Set(['q']);
    expect(continueCursor(trace, 0, bp)).toBe(3);
    expect(continueCursor(trace, 3, bp)).toBe(6);
    expect(continueCursor(trace, 6, bp)).toBe(last);
    expect(continueCursor(trace, 0, new Set())).toBe(last);
    expect(firstBackward(trace)).toBe(5);
  });

  it('skips nodes off the output path in the backward pass', async () => {
    const doc = example('add-mul.bpgraph');
    const extra: GraphDoc = { ...doc, nodes: [...doc.nodes, { id: 'lonely', op: 'neg' }], edges: [...doc.edges, { from: 'x', to: 'lonely', port: 'x' }] };
    const trace = await traceOf(extra);
    expect(trace.steps.filter((s) => s.phase === 'forward').map((s) => s.node)).toContain('lonely');
    expect(trace.steps.filter((s) => s.phase === 'backward').map((s) => s.node)).not.toContain('lonely');
  });
});

describe('filled-in gradient rules', () => {
  it('mul swaps and add distributes, with the numbers of the seeds example', async () => {
    const doc = example('add-mul.bpgraph');
    const trace = await traceOf(doc);
    const f = rulesAt(doc, trace, 'f');
    expect(f.map((r) => r.text)).toEqual(['ā = b · ȳ = -4 × 1 = -4', 'b̄ = a · ȳ = 3 × 1 = 3']);
    expect(f[0].tex).toBe('\\bar a = b \\cdot \\bar y = -4 \\times 1 = -4');
    expect(rulesAt(doc, trace, 'q').map((r) => r.text)).toEqual(['ā = ȳ = -4 = -4', 'b̄ = ȳ = -4 = -4']);
  });

  it('fills in every op of the sigmoid neuron', async () => {
    const doc = example('sigmoid-neuron.bpgraph');
    const trace = await traceOf(doc);
    expect(rulesAt(doc, trace, 'f')[0].text).toBe('x̄ = −ȳ / x² = -1 / (1.37)² = -0.534');
    expect(rulesAt(doc, trace, 'exp')[0].text).toBe('x̄ = eˣ · ȳ = 0.368 × (-0.534) = -0.197');
    expect(rulesAt(doc, trace, 'neg')[0].text).toBe('x̄ = −ȳ = -(-0.197) = 0.197');
  });

  it.each([
    ['div', { a: 6, b: -2 }, 'b', 1, 'b̄ = −ȳ · a / b² = -1 × 6 / (-2)² = -1.5'],
    ['max', { a: -2, b: 5 }, 'a', 2, 'ā = [a ≥ b] · ȳ = [-2 ≥ 5] × 2 = 0'],
    ['pow', { a: 2, b: 3 }, 'a', 1, 'ā = b · a^(b−1) · ȳ = 3 × (2)^2 × 1 = 12'],
    ['relu', { x: -1 }, 'x', 5, 'x̄ = [x > 0] · ȳ = [-1 > 0] × 5 = 0'],
    ['sigmoid', { x: 0 }, 'x', 1, 'x̄ = σ(x)(1 − σ(x)) · ȳ = 0.5 × (1 − 0.5) × 1 = 0.25'],
  ])('%s', async (op, inputs, port, dy, text) => {
    const values = Object.entries(inputs);
    const doc: GraphDoc = {
      format: 'backprop-studio/graph',
      version: 1,
      nodes: [...values.map(([p, v]) => ({ id: `in_${p}`, op: 'input', attrs: { value: v } })), { id: 'g', op }, { id: 'k', op: 'const', attrs: { value: dy } }, { id: 'out', op: 'mul' }],
      edges: [...values.map(([p]) => ({ from: `in_${p}`, to: 'g', port: p })), { from: 'g', to: 'out', port: 'a' }, { from: 'k', to: 'out', port: 'b' }],
      output: 'out',
    };
    const trace = await traceOf(doc);
    expect(rulesAt(doc, trace, 'g').find((r) => r.port === port)?.text).toBe(text);
  });

  it('summarises tensors with their shapes and falls back to the op formula', async () => {
    const doc = example('xor-mlp.bpgraph');
    const trace = await traceOf(doc);
    const mm = doc.nodes.find((n) => n.op === 'matmul');
    if (!mm) throw new Error('no matmul in xor-mlp');
    const rules = rulesAt(doc, trace, mm.id);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules[0].text).toMatch(/by matmul's rule: \[\d+, \d+\], mean .*, max \|·\|/);
    expect(rules[0].note).toMatch(/^\[\d+, \d+\], mean \|·\| /);
  });

  it('writes TeX numbers', () => {
    expect([texNumber(-4), texNumber(Infinity), texNumber(NaN), texNumber(1.5e-7)]).toEqual(['-4', '\\infty', '\\mathrm{NaN}', '1.5\\times10^{-7}']);
  });
});
