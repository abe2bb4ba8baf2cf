/** React access to the store and the document actions, provided once by main.tsx. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../store/store.js';
import type { AppState } from '../store/types.js';
import type { BackendActions } from './backend-actions.js';
import type { DebugActions } from './debug-actions.js';
import type { DocumentActions } from './document-actions.js';
import type { TrainActions } from './train-actions.js';

export interface AppServices {
  readonly store: AppStore;
  readonly actions: DocumentActions;
  readonly train: TrainActions;
  readonly debug: DebugActions;
  readonly backend: BackendActions;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext is missing: render the app inside <AppContext.Provider>');
  return services;
}

/** Reads the store through a selector (see store/selectors.ts); re-renders when its result changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useServices().store, selector);
}
