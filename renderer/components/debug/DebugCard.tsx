/**
 * The current step's details, docked at the bottom of the canvas (a card
 * floating by the node would cover its neighbours): forward, the op's formula
 * and the value it computed; backward, the upstream gradient ȳ, the local
 * rule of each input with the numbers filled in (KaTeX, plus the same rule as
 * plain text in `data-rule` for screen readers and tests), and who gets what.
 */
import { useState } from 'react';
import { getOp } from '../../../core/ops/registry.js';
import { formatShape } from '../../../core/tensor/shape.js';
import type { HostTensor } from '../../../core/tensor/tensor.js';
import { useApp } from '../../app/app-context.js';
import { type DebugTrace, inputEdges, type TraceStep } from '../../model/debug-trace.js';
import { fillRules, type PortRule } from '../../model/grad-rules.js';
import { formatNumber, stats } from '../../model/tensor-text.js';
import { selectDebug } from '../../store/debug-selectors.js';
import { selectDoc } from '../../store/selectors.js';
import type { GraphDoc } from '../../../core/graph/types.js';
import { Formula } from '../Formula.js';

/** A scalar as its number; a tensor as its shape and mean. */
function brief(t: HostTensor | undefined): string {
  if (!t) return '—';
  if (t.data.length === 1) return formatNumber(t.data[0]);
  return `${formatShape(t.shape)}, mean ${formatNumber(stats(t.data).mean)}`;
}

interface Sent {
  readonly from: string;
  readonly rule: PortRule;
}

/** The rules of the step's node, each with the node its gradient goes to. */
function rulesOf(doc: GraphDoc, trace: DebugTrace, step: TraceStep): Sent[] {
  const node = doc.nodes.find((n) => n.id === step.node);
  const out = trace.values.get(step.node);
  const dy = trace.grads.get(step.node);
  if (!node || !out || !dy) return [];
  const edges = inputEdges(doc, step.node);
  const inputs = new Map<string, HostTensor>();
  const sent = new Map<string, HostTensor>();
  for (const e of edges) {
    const v = trace.values.get(e.from);
    if (v) inputs.set(e.port, v);
    const g = trace.edgeGrads.get(e.id);
    if (g) sent.set(e.port, g);
  }
  const from = new Map(edges.map((e) => [e.port, e.from]));
  return fillRules({ op: node.op, attrs: node.attrs ?? {}, inputs, out, dy, sent }).map((rule) => ({ from: from.get(rule.port) ?? '?', rule }));
}

export function DebugCard() {
  const session = useApp(selectDebug);
  const doc = useApp(selectDoc);
  // On a small canvas the card may hide what it explains: it folds to its header.
  const [folded, setFolded] = useState(false);
  if (!session) return null;
  const { trace } = session;
  const step = trace.steps[session.cursor];
  const node = doc.nodes.find((n) => n.id === step.node);
  const op = node ? getOp(node.op) : undefined;
  const value = trace.values.get(step.node);
  const grad = trace.grads.get(step.node);
  const sent = step.phase === 'backward' ? rulesOf(doc, trace, step) : [];

  return (
    <section className={`debug-card debug-card-${step.phase}`} data-testid="debug-card" aria-label={`${step.phase} step at ${step.node}`}>
      <header>
        <strong>{step.node}</strong> <span className="debug-card-op">{op?.label ?? node?.op}</span>
        {op && <Formula tex={step.phase === 'forward' ? `y = ${op.formula}` : op.gradFormula} />}
        <button type="button" className="debug-btn debug-fold" onClick={() => setFolded(!folded)} aria-expanded={!folded} aria-label={folded ? 'Show details' : 'Hide details'} data-testid="debug-card-fold">
          {folded ? '▴' : '▾'}
        </button>
      </header>
      {folded ? null : step.phase === 'forward' ? (
        <p className="debug-line" data-testid="debug-value">
          computes <span className="run-value">{brief(value)}</span>
          {value && value.data.length > 1 && ` (${formatShape(value.shape)})`}
        </p>
      ) : (
        <>
          <p className="debug-line" data-testid="debug-upstream" data-value={grad?.data.length === 1 ? formatNumber(grad.data[0]) : undefined}>
            upstream gradient <Formula tex="\bar y" /> = ∂{trace.output}/∂{step.node} = <span className="run-grad">{brief(grad)}</span>
            {step.node === trace.output && ' (the output: backward starts with 1)'}
          </p>
          {sent.length === 0 ? (
            <p className="debug-line debug-muted">{op?.kind === 'source' ? 'a source: backpropagation ends here.' : 'sends no gradient back (its inputs need none).'}</p>
          ) : (
            <ul className="debug-rules">
              {sent.map(({ from, rule }) => (
                <li key={rule.port} data-testid={`debug-rule-${rule.port}`} data-rule={rule.text} aria-label={rule.text}>
                  <span className="debug-to" data-testid={`debug-sent-${rule.port}`}>
                    to {from} ({rule.port})
                  </span>
                  <Formula tex={rule.tex} />
                  {rule.note !== undefined && <span className="debug-note">{rule.note}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
