/**
 * The one editor store, built from five slices (document, selection, view,
 * run, train) in the zustand slices pattern. It is a vanilla store, so unit tests
 * drive it without React; components read it through `useApp` with the
 * module-level selectors of selectors.ts.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GraphDoc } from '../../core/graph/types.js';
import { createDebugSlice } from './debug-slice.js';
import { createDocumentSlice } from './document-slice.js';
import { createRunSlice } from './run-slice.js';
import { createSelectionSlice } from './selection-slice.js';
import { createTrainSlice } from './train-slice.js';
import type { AppState, DocFile } from './types.js';
import { createViewSlice } from './view-slice.js';

export type AppStore = StoreApi<AppState>;

/** A fresh store, optionally holding `doc` (clean, as if just opened). */
export function createAppStore(doc?: GraphDoc, file?: DocFile): AppStore {
  const store = createStore<AppState>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createSelectionSlice(...a),
    ...createViewSlice(...a),
    ...createRunSlice(...a),
    ...createTrainSlice(...a),
    ...createDebugSlice(...a),
  }));
  if (doc) store.getState().loadDocument(doc, file ?? { name: 'untitled.bpgraph' });
  return store;
}
