/**
 * The compute backend the engine worker uses: auto, WebGPU or CPU, chosen in the status bar and
 * remembered in localStorage (a preference of the person, like the theme, not of the document).
 * The worker answers with what actually runs and why, which the status bar shows.
 */
import { type BackendChoice, isBackendChoice } from '../../core/backend/select.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { AppStore } from '../store/store.js';
import { hostErrorMessage } from '../host/host.js';

export const BACKEND_KEY = 'bpstudio.backend';

export function readBackendPref(): BackendChoice {
  try {
    const v = localStorage.getItem(BACKEND_KEY);
    return v !== null && isBackendChoice(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

export class BackendActions {
  constructor(
    private readonly store: AppStore,
    private readonly engine: Pick<EngineClient, 'setBackend'>,
  ) {}

  /** Applies the remembered choice; call once at start. */
  start(): Promise<void> {
    return this.apply(readBackendPref(), false);
  }

  /** The person picked `choice` in the status bar. */
  choose(choice: BackendChoice): Promise<void> {
    try {
      localStorage.setItem(BACKEND_KEY, choice);
    } catch {
      // Not remembered, but used for this session.
    }
    return this.apply(choice, true);
  }

  private async apply(choice: BackendChoice, told: boolean): Promise<void> {
    const s = this.store.getState();
    try {
      const r = await this.engine.setBackend(choice);
      s.setBackendStatus(r.status);
      if (!r.ok) s.toast('error', r.message);
      else if (told) s.toast('info', r.status.reason);
    } catch (e) {
      s.toast('error', `Could not change the backend: ${hostErrorMessage(e)}`);
    }
  }
}
