/**
 * The run slice: the values and gradients of the last Run. An edit leaves them in place, out of date (their
 * `runRevision` is older than the document's `computeRevision`), for the live runner (app/live-run-service.ts)
 * to refresh or to mark stale.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState, RunSlice } from './types.js';

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  run: { status: 'idle' },
  runRevision: 0,
  liveRefresh: false,
  setRun(run) {
    // Run drops an answer that arrives after an edit, so whatever is set here belongs to the graph as it is now.
    set((s) => ({ run, runRevision: s.computeRevision }));
  },
  setLiveRefresh(liveRefresh) {
    set({ liveRefresh });
  },
  backend: null,
  setBackendStatus(backend) {
    set({ backend });
  },
});
