/**
 * Start/Pause/Resume, Step, Stop and Reset, with the run's progress: a bar,
 * the step and epoch, steps per second and the time left, the latest
 * measurements, and why a run ended.
 */
import { useApp, useServices } from '../../app/app-context.js';
import { fieldMessages } from '../../model/training-form.js';
import type { AppState } from '../../store/types.js';

const selectProgress = (s: AppState) => s.progress;
// Selectors run at every store change (ten progress reports a second while training): the block's
// validation runs again only when the block itself changes.
let checkedBlock: AppState['doc']['training'] | null = null;
let lastBlockBad = true;
const selectBlockBad = (s: AppState) => {
  if (s.doc.training !== checkedBlock) {
    checkedBlock = s.doc.training;
    lastBlockBad = s.doc.training === undefined || fieldMessages(s.doc.training).size > 0;
  }
  return lastBlockBad;
};
const selectNoBlock = (s: AppState) => s.doc.training === undefined;
const selectGraphBad = (s: AppState) => s.analysis.problems.length > 0;
const selectChecks = (s: AppState) => s.trainChecks;
const selectLastRecord = (s: AppState) => s.runs.find((r) => r.run === s.progress?.run)?.records.at(-1);
const selectLastLoss = (s: AppState) => s.runs.find((r) => r.run === s.progress?.run)?.loss.at(-1);

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

// One formatter: toLocaleString builds a new one per call, which shows up when stats refresh 30 times a second.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function fmtInt(n: number): string {
  return INT.format(Math.round(n));
}

function fmtTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.ceil(seconds);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

function fmtNum(v: number | undefined): string {
  if (v === undefined) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

const REASONS: Readonly<Record<string, string>> = {
  epochs: 'finished its epochs',
  steps: 'reached its step cap',
  'early-stopping': 'stopped early: no improvement',
  stopped: 'stopped',
};

export function TrainControls() {
  const { train } = useServices();
  const p = useApp(selectProgress);
  const blockBad = useApp(selectBlockBad);
  const graphBad = useApp(selectGraphBad);
  const checks = useApp(selectChecks);
  const record = useApp(selectLastRecord);
  const lastLoss = useApp(selectLastLoss);
  const phase = p?.phase ?? 'idle';
  const running = phase === 'running';
  const resumable = phase === 'paused';
  const blocked = !resumable && !running && (blockBad || graphBad || checks.length > 0);
  const noBlock = useApp(selectNoBlock);
  const why = graphBad ? 'fix the graph’s problems first' : noBlock ? 'this graph has no training settings yet' : blockBad ? 'fix the training settings first' : checks[0]?.message;
  const total = p ? Math.min(p.epochs * p.stepsPerEpoch, p.stepCap ?? Infinity) : 0;
  const fraction = p && total > 0 ? Math.min(1, p.step / total) : 0;

  return (
    <div className="train-controls" data-testid="train-controls">
      <div className="train-buttons">
        <button
          type="button"
          className="btn btn-primary train-main"
          data-testid={running ? 'train-pause' : resumable ? 'train-resume' : 'train-start'}
          disabled={blocked}
          title={blocked ? why : `${running ? 'Pause' : resumable ? 'Resume' : 'Start'} (${MOD}Shift+Enter)`}
          onClick={() => void train.toggle()}
        >
          {running ? '❚❚ Pause' : resumable ? '▶ Resume' : '▶ Start'}
        </button>
        <button type="button" className="btn" data-testid="train-step" disabled={blocked} title={`One mini-batch (${MOD}Shift+→)`} onClick={() => void train.step()}>
          Step
        </button>
        <button type="button" className="btn" data-testid="train-stop" disabled={!running && !resumable} title={`End the run (${MOD}Shift+Backspace)`} onClick={() => void train.stop()}>
          ■ Stop
        </button>
        <button type="button" className="btn" data-testid="train-reset" disabled={running} title="Re-initialise the weights from the seed (undoable)" onClick={() => void train.reset()}>
          ↺ Reset weights
        </button>
      </div>
      <div className="train-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-label="training progress">
        <div className={`train-bar train-bar-${phase}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="train-stats" data-testid="train-stats">
        <span data-testid="train-step-count">step {fmtInt(p?.step ?? 0)}</span>
        <span data-testid="train-epoch-count">
          epoch {fmtInt(p?.epoch ?? 0)} / {fmtInt(p?.epochs ?? 0)}
        </span>
        {running && <span data-testid="train-rate">{fmtInt(p?.stepsPerSecond ?? 0)} steps/s</span>}
        {running && p?.secondsLeft !== undefined && <span>{fmtTime(p.secondsLeft)} left</span>}
        <span>loss {fmtNum(record?.loss ?? lastLoss)}</span>
        {record?.accuracy !== undefined && <span data-testid="train-accuracy">acc {(record.accuracy * 100).toFixed(1)}%</span>}
        {record?.valAccuracy !== undefined && <span data-testid="train-val-accuracy">val acc {(record.valAccuracy * 100).toFixed(1)}%</span>}
        {record?.valLoss !== undefined && <span>val loss {fmtNum(record.valLoss)}</span>}
      </div>
      <div className={`train-status train-status-${phase}`} data-testid="train-status" data-phase={phase} role="status">
        {phase === 'error' && p?.issue ? (
          <span className="train-issue" data-testid="train-issue">
            ⚠ {p.issue.message}
          </span>
        ) : phase === 'done' ? (
          `Run ${p?.run ?? ''} ${REASONS[p?.reason ?? 'stopped'] ?? 'ended'}; the trained weights are in the document.`
        ) : phase === 'running' ? (
          'Training…'
        ) : phase === 'paused' ? (
          'Paused: the weights so far are in the document.'
        ) : blocked ? (
          <span className={noBlock ? undefined : 'train-issue'} data-testid="train-blocked">
            {why}
            {!noBlock && checks.length > 1 && ` (and ${checks.length - 1} more: ${checks.slice(1).map((c) => c.message).join('; ')})`}
          </span>
        ) : (
          'Ready.'
        )}
      </div>
    </div>
  );
}
