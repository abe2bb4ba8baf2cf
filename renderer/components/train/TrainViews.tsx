/** The panel's right-hand side: what each tab shows, fed from the store. */
import { useApp } from '../../app/app-context.js';
import { useThrottledApp } from '../../hooks/use-throttled.js';
import type { AppState, TrainTab } from '../../store/types.js';
import { DataView } from './DataView.js';
import { Diagnostics } from './Diagnostics.js';
import { TrainingCurves } from './TrainingCurves.js';

const selectRuns = (s: AppState) => s.runs;
const selectRun = (s: AppState) => s.progress?.run ?? 0;
const selectVersion = (s: AppState) => s.historyVersion;
const selectDataset = (s: AppState) => s.dataset;
const selectBoundary = (s: AppState) => s.boundary;
const selectPredictions = (s: AppState) => s.predictions;

/** How often the history views follow the growing histories (progress arrives up to 30 times a second). */
const HISTORY_VIEW_MS = 250;

function Data({ large }: { readonly large: boolean }) {
  const dataset = useApp(selectDataset);
  const boundary = useThrottledApp(selectBoundary, HISTORY_VIEW_MS);
  const predictions = useThrottledApp(selectPredictions, HISTORY_VIEW_MS);
  if (dataset === null) return <p className="muted">Loading the dataset…</p>;
  if (!dataset.ok) {
    return (
      <p className="train-issue" data-testid="data-error">
        {dataset.message}
      </p>
    );
  }
  return (
    <div className={large ? 'train-data-large' : 'train-data-side'}>
      <DataView data={dataset.view} boundary={boundary ?? undefined} predictions={predictions ?? undefined} />
    </div>
  );
}

export function TrainViews({ tab }: { readonly tab: TrainTab }) {
  // runs changes identity with every report too: read it at the throttled pace as well.
  const runs = useThrottledApp(selectRuns, HISTORY_VIEW_MS);
  const run = useApp(selectRun);
  // The histories grow in place; the (throttled) version makes this re-render, and the charts redraw from it.
  useThrottledApp(selectVersion, HISTORY_VIEW_MS);
  switch (tab) {
    case 'curves':
      return (
        <div className="train-overview" data-testid="train-view-curves">
          <TrainingCurves runs={runs} current={run} />
          <Data large={false} />
        </div>
      );
    case 'data':
      return (
        <div data-testid="train-view-data">
          <Data large />
        </div>
      );
    case 'diagnostics': {
      const history = runs.find((r) => r.run === run) ?? runs.at(-1);
      return (
        <div data-testid="train-view-diagnostics">
          {history ? <Diagnostics history={history} /> : <p className="muted">Diagnostics appear for the network as it starts and at every step of a run.</p>}
        </div>
      );
    }
  }
}
