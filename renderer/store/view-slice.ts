/** The view slice: toasts, dialogs, the search box, measured card sizes, the clipboard. Never part of undo history. */
import type { StateCreator } from 'zustand/vanilla';
import { type AppState, attrDraftKey, type ViewSlice } from './types.js';

const MAX_TOASTS = 4;
let nextToastId = 1;

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  toasts: [],
  modal: null,
  search: null,
  measured: new Map(),
  clipboard: null,
  layingOut: false,
  problemsOpen: false,
  attrDrafts: new Map(),

  toast(kind, text) {
    const toasts = [...get().toasts.filter((t) => t.text !== text), { id: nextToastId++, kind, text }];
    set({ toasts: toasts.slice(-MAX_TOASTS) });
  },

  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },

  openModal(modal) {
    set({ modal, search: null });
  },

  closeModal() {
    set({ modal: null });
  },

  openSearch(search) {
    set({ search });
  },

  setMeasured(changes) {
    if (changes.length === 0) return;
    const measured = new Map(get().measured);
    let changed = false;
    for (const { id, dimensions } of changes) {
      const old = measured.get(id);
      if (old && old.width === dimensions.width && old.height === dimensions.height) continue;
      measured.set(id, { width: dimensions.width, height: dimensions.height });
      changed = true;
    }
    if (changed) set({ measured });
  },

  setClipboard(clipboard) {
    set({ clipboard });
  },

  setLayingOut(layingOut) {
    set({ layingOut });
  },

  setProblemsOpen(problemsOpen) {
    set({ problemsOpen });
  },

  setAttrDraft(node, attr, draft) {
    const key = attrDraftKey(node, attr);
    const had = get().attrDrafts.get(key);
    if (draft === null ? had === undefined : had?.text === draft.text && had.message === draft.message) return;
    const attrDrafts = new Map(get().attrDrafts);
    if (draft === null) attrDrafts.delete(key);
    else attrDrafts.set(key, draft);
    set({ attrDrafts });
  },
});
