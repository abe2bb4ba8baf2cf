/**
 * Live results (model/live-run.ts) applied to the store: once the analysis of an edit has settled, out-of-date
 * results are refreshed in the engine worker about a quarter of a second later, or, on a graph too big for that or
 * with problems, or while training runs, left on screen and marked stale until the next Run.
 */
import { decideLiveRun, estimateRunCost, LIVE_RUN_MAX_COST, type LiveRunInput } from '../model/live-run.js';
import { selectRunOutOfDate } from '../store/selectors.js';
import type { AppStore } from '../store/store.js';
import type { AppState } from '../store/types.js';

/** After the analysis settles: long enough that typing a number runs once, short enough to feel live. */
export const LIVE_RUN_DELAY_MS = 250;

/** What the service needs of DocumentActions. */
export interface LiveRunner {
  run(live: boolean): Promise<void>;
}

export function startLiveRun(store: AppStore, runner: LiveRunner, limit: number = LIVE_RUN_MAX_COST): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  // The computeRevision the store's analysis belongs to (startAnalysis drops answers for older ones).
  let analysed = -1;

  const input = (s: AppState): LiveRunInput => ({
    ran: s.run.status !== 'idle',
    outOfDate: selectRunOutOfDate(s),
    problems: s.analysis.problems.length,
    training: s.progress?.phase === 'running',
    cost: estimateRunCost(s.doc, s.analysis.shapes),
    limit,
  });

  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const consider = (): void => {
    cancel();
    const s = store.getState();
    if (analysed !== s.computeRevision) return;
    const i = input(s);
    // Whether this graph would be refreshed if it were edited: set ahead of the edit, so that results about to be
    // refreshed are not dimmed for the moment until the analysis catches up.
    const refreshes = decideLiveRun({ ...i, ran: true, outOfDate: true }) === 'run';
    if (s.liveRefresh !== refreshes) s.setLiveRefresh(refreshes);
    if (decideLiveRun(i) === 'run') timer = setTimeout(() => void fire(s.computeRevision), LIVE_RUN_DELAY_MS);
  };

  const fire = async (revision: number): Promise<void> => {
    timer = undefined;
    const s = store.getState();
    // A Run the user started answers for this graph already; one of ours still going reconsiders when it ends.
    if (inFlight || s.run.status === 'running' || s.computeRevision !== revision) return;
    inFlight = true;
    try {
      await runner.run(true);
    } finally {
      inFlight = false;
    }
    const now = store.getState();
    if (now.computeRevision !== revision) consider();
    // It failed (the engine refused what the analysis let through): the old results stay, marked stale.
    else if (selectRunOutOfDate(now)) now.setLiveRefresh(false);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.analysis !== prev.analysis) {
      analysed = s.computeRevision;
      consider();
    } else if (s.computeRevision !== prev.computeRevision) {
      // A newer edit: wait for its analysis.
      cancel();
    } else if (s.progress?.phase !== prev.progress?.phase || s.run.status !== prev.run.status) {
      consider();
    }
  });
  analysed = store.getState().computeRevision;
  consider();
  return () => {
    unsubscribe();
    cancel();
  };
}
