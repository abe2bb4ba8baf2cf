/**
 * The status bar and its problems panel: core's problems, live while
 * editing; clicking one selects the node it names and centres the view on it.
 */
import { formatProblem, type Problem } from '../../core/graph/types.js';
import { useApp, useServices } from '../app/app-context.js';
import { selectDirty, selectEdgeCount, selectNodeCount, selectProblems, selectProblemsOpen, selectResultsStale, selectRun, selectBackendStatus } from '../store/selectors.js';
import type { AppStore } from '../store/store.js';
import { focusNode } from '../app/canvas-control.js';
import { edgeIds } from '../model/graph-queries.js';
import { count } from '../model/plural.js';
import { BACKEND_CHOICES, type BackendChoice, isBackendChoice } from '../../core/backend/select.js';

function reveal(store: AppStore, p: Problem): void {
  const s = store.getState();
  if (p.node !== undefined && s.doc.nodes.some((n) => n.id === p.node)) {
    s.select([p.node]);
    focusNode(p.node);
  } else if (p.edge !== undefined) {
    const id = edgeIds(s.doc.edges)[p.edge];
    if (id) s.select([], [id]);
  }
}

export function ProblemsPanel() {
  const { store } = useServices();
  const problems = useApp(selectProblems);
  const open = useApp(selectProblemsOpen);
  if (!open) return null;
  return (
    <section className="problems-panel" aria-label="problems" data-testid="problems-panel">
      <header>
        <span>Problems ({problems.length})</span>
        <button type="button" className="icon-btn" onClick={() => store.getState().setProblemsOpen(false)} aria-label="close problems" data-testid="problems-close">
          ×
        </button>
      </header>
      {problems.length === 0 ? (
        <p className="muted">No problems: the graph is valid.</p>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <button type="button" onClick={() => reveal(store, p)} data-testid={`problem-${i}`}>
                {formatProblem(p)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const BACKEND_LABELS: Record<BackendChoice, string> = { auto: 'Auto', webgpu: 'WebGPU', cpu: 'CPU' };

function kernelsTitle(kernels: string): string {
  if (kernels === 'JavaScript') return "the CPU backend's kernels: JavaScript (this engine has no WebAssembly SIMD)";
  if (kernels.includes('matmul only')) return 'WebAssembly SIMD for matrix products only: the page is not cross-origin isolated, so tensors cannot live in shared WebAssembly memory';
  return "the CPU backend's kernels: WebAssembly SIMD, on tensors kept in shared WebAssembly memory";
}

/** What the engine computes on and why ("CPU: no WebGPU adapter"), with the switch. */
function BackendIndicator() {
  const { backend } = useServices();
  const status = useApp(selectBackendStatus);
  const training = useApp((s) => s.progress?.phase === 'running');
  if (!status) return null;
  return (
    <span className="status-backend" data-testid="status-backend" data-active={status.active} title={status.reason}>
      <span className={`backend-dot backend-${status.active}`} aria-hidden="true" />
      <span data-testid="backend-reason">{status.reason}</span>
      {status.kernels !== undefined && (
        <span className="muted status-kernels" data-testid="backend-kernels" title={kernelsTitle(status.kernels)}>
          · {status.kernels}
          {status.threads !== undefined && (
            <span data-testid="backend-threads" title="threads a large matrix product is split across (the engine's worker and its helper threads)">
              {' '}
              · {status.threads} {status.threads === 1 ? 'thread' : 'threads'}
            </span>
          )}
        </span>
      )}
      <select
        aria-label="compute backend"
        data-testid="backend-select"
        value={status.choice}
        disabled={training}
        title={training ? 'pause training to change the backend' : 'where the engine computes: Auto takes a hardware GPU when there is one'}
        onChange={(e) => {
          const v = e.target.value;
          if (isBackendChoice(v)) void backend.choose(v);
        }}
      >
        {BACKEND_CHOICES.map((c) => (
          <option key={c} value={c}>
            {BACKEND_LABELS[c]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function StatusBar() {
  const { store } = useServices();
  const problems = useApp(selectProblems);
  const open = useApp(selectProblemsOpen);
  const nodes = useApp(selectNodeCount);
  const edges = useApp(selectEdgeCount);
  const dirty = useApp(selectDirty);
  const run = useApp(selectRun);
  const stale = useApp(selectResultsStale);
  const runText = stale
    ? 'results are from before the last edit: Run to refresh'
    : run.status === 'done'
      ? `ran: output ${run.result.output}` : run.status === 'running' ? 'running…' : run.status === 'error' ? 'run failed' : 'not run yet';
  return (
    <footer className="statusbar" data-testid="statusbar">
      <button
        type="button"
        className={`status-problems${problems.length ? ' has-problems' : ''}`}
        onClick={() => store.getState().setProblemsOpen(!open)}
        aria-expanded={open}
        data-testid="status-problems"
      >
        {problems.length === 0 ? '✓ No problems' : `⚠ ${count(problems.length, 'problem')}`}
      </button>
      <span data-testid="status-counts">
        {count(nodes, 'node')} · {count(edges, 'edge')}
      </span>
      <span className={stale ? 'status-stale' : undefined} data-testid="status-run" data-stale={stale || undefined}>
        {runText}
      </span>
      <span className="status-end" />
      <BackendIndicator />
      <span data-testid="status-saved">
        {dirty ? 'unsaved changes' : 'saved'}
      </span>
    </footer>
  );
}
