/**
 * Training curves of the remembered runs: loss per step (with the epoch
 * records' train and validation loss), accuracy per epoch record, and the
 * learning rate, all against the step, with the cursor synced across charts.
 * Drag on a chart to zoom on x, double-click to reset; Log switches loss and
 * learning rate to a log scale. Earlier runs are fainter; events (live
 * retuning) are numbered markers listed under the loss chart.
 */
import { useId, useRef, useState } from 'react';
import { formatValue } from '../../model/chart-format.js';
import { curvesCsv } from '../../model/curves-csv.js';
import type { RunHistory } from '../../model/train-history.js';
import '../../styles/train.css';
import { CurveChart } from './CurveChart.js';
import { curveEvents, curveSpec } from './curve-specs.js';
import { chartsPng, downloadBlob } from './export-files.js';

export interface TrainingCurvesProps {
  /** The remembered runs, oldest first (RunHistory arrays grow in place; `version` says when). */
  readonly runs: readonly RunHistory[];
  /** The run id of the current run (drawn in full colour). */
  readonly current: number;
}

export function TrainingCurves({ runs, current }: TrainingCurvesProps): React.JSX.Element {
  const [log, setLog] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const syncKey = useId();
  const common = { runs, current, log, syncKey };
  const loss = curveSpec({ ...common, kind: 'loss', height: 200 });
  const accuracy = curveSpec({ ...common, kind: 'accuracy', height: 150 });
  const lr = curveSpec({ ...common, kind: 'lr', height: 110 });
  const events = curveEvents(runs, current);
  const empty = runs.every((h) => h.steps.length === 0 && h.records.length === 0);
  const now = runs.find((h) => h.run === current);
  const last = now?.records.at(-1);

  const exportPng = async (): Promise<void> => {
    const blob = root.current ? await chartsPng(root.current) : null;
    if (blob) downloadBlob(blob, 'training-curves.png');
  };
  const exportCsv = (): void => downloadBlob(new Blob([curvesCsv(runs)], { type: 'text/csv' }), 'training-curves.csv');

  return (
    <div className="train-curves" data-testid="train-curves" ref={root}>
      <div className="train-toolbar">
        <span className="train-summary">
          {now ? `run ${now.run} · step ${now.steps.at(-1) ?? 0}` : 'no run'}
          {last && ` · epoch ${last.epoch} · loss ${formatValue(last.loss)}`}
          {last?.valLoss !== undefined && ` · val ${formatValue(last.valLoss)}`}
        </span>
        <label className="train-toggle" title="Logarithmic y axis for the loss and the learning rate">
          <input type="checkbox" data-testid="curves-log" checked={log} onChange={(e) => setLog(e.currentTarget.checked)} /> Log
        </label>
        <button type="button" className="btn btn-small" data-testid="curves-export-png" disabled={empty} onClick={() => void exportPng()} title="Save the charts as one PNG">
          PNG
        </button>
        <button type="button" className="btn btn-small" data-testid="curves-export-csv" disabled={empty} onClick={exportCsv} title="Save every run's steps and epoch records as CSV">
          CSV
        </button>
      </div>
      {empty ? (
        <p className="train-empty muted">No training steps yet: start a run to see its loss.</p>
      ) : (
        <>
          <CurveChart title="Loss" note={log ? '(log)' : undefined} spec={loss} testId="curve-loss" />
          {events.length > 0 && (
            <ol className="curve-events">
              {events.map(({ event, run, color }, i) => (
                <li key={`${run}-${event.step}-${i}`} style={{ borderLeftColor: color }} title={`run ${run}, step ${event.step}`}>
                  <span className="curve-event-n">{i + 1}</span> step {event.step}
                  {run !== current && ` (run ${run})`}: <code>{event.text}</code>
                </li>
              ))}
            </ol>
          )}
          {accuracy.lines > 0 && <CurveChart title="Accuracy" note="(epoch records)" spec={accuracy} testId="curve-accuracy" />}
          <CurveChart title="Learning rate" note={log ? '(log)' : undefined} spec={lr} testId="curve-lr" />
          <p className="train-hint muted">Drag to zoom · double-click to reset</p>
        </>
      )}
    </div>
  );
}
