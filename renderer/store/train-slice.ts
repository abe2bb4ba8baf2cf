/** The training slice: what the engine worker reports about training, and the training panel's layout. */
import type { StateCreator } from 'zustand/vanilla';
import { addDiagnostics, applyProgress, describeTraining, KEPT_RUNS, newRun } from '../model/train-history.js';
import type { AppState, TrainSlice } from './types.js';

/** What a document starts with: no run, no visuals, no checks (a newly opened one gets these again). */
export function emptyTrainState(): Pick<TrainSlice, 'progress' | 'runs' | 'boundary' | 'predictions' | 'dataset' | 'trainChecks' | 'trainNodeProblems'> {
  return { progress: null, runs: [], boundary: null, predictions: null, dataset: null, trainChecks: [], trainNodeProblems: new Map() };
}

export const createTrainSlice: StateCreator<AppState, [], [], TrainSlice> = (set, get) => ({
  ...emptyTrainState(),
  trainPanel: { open: false, height: null, tab: 'curves' },
  historyVersion: 0,

  applyProgress(p, label) {
    const s = get();
    const runs = applyProgress(s.runs, p, label);
    const newRun = s.progress !== null && p.run !== s.progress.run;
    set({
      progress: p,
      runs,
      historyVersion: s.historyVersion + 1,
      // A new run's visuals replace the old run's as they come; a reset clears them.
      ...(newRun || p.run === 0 ? { boundary: null, predictions: null } : {}),
    });
  },

  applyVisuals(v) {
    const s = get();
    if (s.progress !== null && v.run !== s.progress.run) return;
    let runs = s.runs;
    let h = runs.find((r) => r.run === v.run);
    // Diagnostics of a network before its first step (a preview) open its run's history.
    if (v.diagnostics && !h) {
      h = newRun(v.run, describeTraining(s.doc.training));
      runs = [...runs, h].slice(-KEPT_RUNS);
    }
    if (v.diagnostics && h) addDiagnostics(h, v.diagnostics);
    set({
      runs,
      ...(v.boundary ? { boundary: v.boundary } : {}),
      ...(v.predictions ? { predictions: v.predictions } : {}),
      ...(v.diagnostics ? { historyVersion: s.historyVersion + 1 } : {}),
    });
  },

  setDataset(dataset) {
    set({ dataset });
  },

  setTrainChecks(trainChecks) {
    const byNode = new Map<string, string[]>();
    for (const c of trainChecks) if (c.node !== undefined) byNode.set(c.node, [...(byNode.get(c.node) ?? []), `training: ${c.message}`]);
    set({ trainChecks, trainNodeProblems: byNode });
  },

  setTrainPanel(panel) {
    set({ trainPanel: { ...get().trainPanel, ...panel } });
  },
});
