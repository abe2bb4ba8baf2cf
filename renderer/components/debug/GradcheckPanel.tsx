/**
 * The gradient check's results: one row per param and input the output
 * depends on, with a pass/fail badge, the largest relative error and its
 * element (the backward pass's value against the centred difference). A row
 * click selects the node. Floats at the canvas's top right.
 */
import { useApp, useServices } from '../../app/app-context.js';
import { formatNumber } from '../../model/tensor-text.js';
import { selectGradcheck } from '../../store/debug-selectors.js';
import type { GradcheckRow } from '../../../core/studio/check-gradients.js';

function errorText(e: number): string {
  if (!Number.isFinite(e)) return '∞';
  return e === 0 ? '0' : e.toExponential(1).replace('e+', 'e');
}

function Row({ row, onPick }: { readonly row: GradcheckRow; readonly onPick: (id: string) => void }) {
  const w = row.worst;
  return (
    <li>
      <button type="button" className={`gc-row ${row.pass ? 'gc-pass' : 'gc-fail'}`} onClick={() => onPick(row.id)} data-testid={`gradcheck-row-${row.id}`} data-pass={row.pass}>
        <span className="gc-badge" data-testid={`gradcheck-badge-${row.id}`}>
          {row.pass ? 'pass' : 'fail'}
        </span>
        <span className="gc-id">
          {row.id} <span className="gc-op">{row.op}</span>
        </span>
        <span className="gc-err" title="largest relative error |a − n| / max(|a|, |n|, 1e-6)">
          {errorText(row.relError)}
        </span>
        <span className="gc-detail">
          {row.nonFinite ?? (w ? `element ${w.index}: analytic ${formatNumber(w.analytic)}, numeric ${formatNumber(w.numeric)}` : '')}
          {row.checked < row.size && ` (${row.checked} of ${row.size} elements)`}
        </span>
      </button>
    </li>
  );
}

export function GradcheckPanel() {
  const { store, debug } = useServices();
  const state = useApp(selectGradcheck);
  const pick = (id: string) => {
    if (store.getState().doc.nodes.some((n) => n.id === id)) store.getState().select([id]);
  };
  let body;
  if (state.status === 'running' || state.status === 'closed') {
    body = <p data-testid="gradcheck-running">Comparing the backward pass with finite differences…</p>;
  } else if (!state.reply.ok) {
    body = (
      <p className="gc-error" data-testid="gradcheck-error">
        {state.reply.message}
      </p>
    );
  } else {
    const { rows, pass, threshold } = state.reply;
    const failed = rows.filter((r) => !r.pass).length;
    body = (
      <>
        <p className={`gc-summary ${pass ? 'gc-pass' : 'gc-fail'}`} data-testid="gradcheck-summary" data-ok={pass}>
          {rows.length === 0
            ? 'Nothing to check: the output depends on no param or input.'
            : pass
              ? `✓ all ${rows.length} within ${errorText(threshold)}`
              : `✗ ${failed} of ${rows.length} failed (threshold ${errorText(threshold)})`}
        </p>
        {state.stale && (
          <p className="gc-stale" data-testid="gradcheck-stale">
            The graph changed since: check again.
          </p>
        )}
        <ul className="gc-rows">
          {rows.map((r) => (
            <Row key={r.id} row={r} onPick={pick} />
          ))}
        </ul>
      </>
    );
  }
  return (
    <section className="gradcheck-panel" data-testid="gradcheck-panel" role="dialog" aria-label="Gradient check">
      <header>
        <span>Gradient check</span>
        <span className="gc-actions">
          <button type="button" className="debug-btn" onClick={() => void debug.gradcheck()} disabled={state.status === 'running'} data-testid="gradcheck-rerun" title="Check again">
            ⟳
          </button>
          <button type="button" className="debug-btn" onClick={() => debug.closeGradcheck()} aria-label="Close" data-testid="gradcheck-close">
            ×
          </button>
        </span>
      </header>
      {body}
    </section>
  );
}
