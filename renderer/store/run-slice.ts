/** The run slice: the values and gradients of the last Run. Cleared by the document slice when the computation changes. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState, RunSlice } from './types.js';

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  run: { status: 'idle' },
  setRun(run) {
    set({ run });
  },
});
