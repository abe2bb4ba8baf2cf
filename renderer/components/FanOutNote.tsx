/**
 * The copy gate, on the card of a value used more than once: the gradients
 * that come back along its edges add up to its own, and for scalars the sum
 * is written out (`∇ = -8 + 1`), so the card's ∇ can be checked against the
 * partials on its wires.
 */
import { memo } from 'react';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { useApp } from '../app/app-context.js';
import { formatNumber } from '../model/tensor-text.js';
import type { AppState } from '../store/types.js';

const NONE: readonly HostTensor[] = [];

export const FanOutNote = memo(function FanOutNote({ id, edges, grad }: { readonly id: string; readonly edges: readonly string[]; readonly grad: HostTensor }) {
  // Run results are immutable, so the partials are looked up only when the run or the edge list changes.
  const run = useApp((s: AppState) => (s.run.status === 'done' ? s.run.result.edgeGrads : undefined));
  const partials = run ? edges.map((e) => run.get(e)).filter((t): t is HostTensor => t !== undefined) : NONE;
  const scalar = grad.data.length === 1 && partials.length === edges.length;
  const sum = scalar ? partials.map((t, i) => (i > 0 && t.data[0] >= 0 ? `+ ${formatNumber(t.data[0])}` : i > 0 ? `− ${formatNumber(-t.data[0])}` : formatNumber(t.data[0]))).join(' ') : '';
  return (
    <div className="gate-fanout" data-testid={`node-fanout-${id}`} title={`copy gate: this value feeds ${edges.length} inputs, and the gradients coming back along them add up to its gradient`}>
      {scalar ? `∇ = ${sum}` : `∇ sums ${edges.length} branches`}
    </div>
  );
});
