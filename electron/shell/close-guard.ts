/**
 * Closing a window, or quitting, with unsaved changes asks first, from main,
 * with a native dialog: Save / Don't Save / Cancel.
 *
 * "Save" reuses the renderer's own save (it owns the document text and knows
 * Save vs Save As): main sends the `save` menu command and watches the
 * outcome. Main sees that outcome first-hand, because the save runs through
 * its own INVOKE.save handler: a `cancelled`, `error` or `conflict` result
 * aborts the close (the renderer is showing the problem, and the window stays
 * open); a `saved` result is followed by the renderer reporting a clean state,
 * and then the window closes. Timeouts cover a renderer that never starts the
 * save or never reports clean, so a hung page cannot leave a close pending
 * that would fire minutes later.
 *
 * A quit is a close of every window: Electron aborts the quit when a window
 * vetoes its close, so once a pending close completes the quit is asked again.
 */
import { EVENTS, type SaveResult } from '../../core/host/bridge.js';
import { assertNever } from '../../core/ops/attrs.js';
import type { AppPort, DialogPort } from './ports.js';
import { displayName } from './title.js';
import type { WindowRecord } from './windows.js';

/** How long to wait for the renderer to start the save, and to report clean after it. */
export interface CloseGuardTimeouts {
  readonly saveStartMs: number;
  readonly cleanAfterSaveMs: number;
}

const DEFAULT_TIMEOUTS: CloseGuardTimeouts = { saveStartMs: 15_000, cleanAfterSaveMs: 10_000 };

/** The close flow of all windows. */
export class CloseGuard {
  private quitting = false;
  /** A close vetoed during a quit: Electron dropped the quit, so it must be asked again once the close completes. */
  private quitInterrupted = false;

  constructor(
    private readonly app: AppPort,
    private readonly dialogs: DialogPort,
    private readonly timeouts: CloseGuardTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  /** The app is quitting: windows close one by one, and a vetoed close cancels the quit. */
  beginQuit(): void {
    this.quitting = true;
  }

  get isQuitting(): boolean {
    return this.quitting;
  }

  /** Called from the window's `close` event: true lets it close, false vetoes it (the flow continues asynchronously). */
  shouldClose(record: WindowRecord): boolean {
    if (record.closing === 'allowed' || record.state?.dirty !== true) {
      record.closing = 'allowed';
      return true;
    }
    if (record.closing === 'open') void this.ask(record);
    if (this.quitting) this.quitInterrupted = true;
    return false;
  }

  /** The renderer reported its document state. */
  onDocumentState(record: WindowRecord): void {
    if ((record.closing === 'saving' || record.closing === 'saved') && record.state?.dirty === false) this.allow(record);
  }

  /** A save for this window started in main's handler: the renderer is doing what we asked. */
  onSaveStarted(record: WindowRecord): void {
    if (record.closing === 'saving') this.clearTimer(record);
  }

  /** A save for this window finished. */
  onSaveFinished(record: WindowRecord, result: SaveResult): void {
    if (record.closing !== 'saving') return;
    if (result.status !== 'saved') {
      this.abort(record);
      return;
    }
    record.closing = 'saved';
    this.startTimer(record, this.timeouts.cleanAfterSaveMs);
  }

  private async ask(record: WindowRecord): Promise<void> {
    record.closing = 'asking';
    const name = record.state === undefined ? 'Untitled' : displayName(record.state);
    let choice;
    try {
      choice = await this.dialogs.askUnsavedChanges(record.port, name);
    } catch (error) {
      this.app.log(`Unsaved-changes dialog failed: ${String(error)}`);
      choice = 'cancel' as const;
    }
    if (record.port.isDestroyed()) return;
    switch (choice) {
      case 'cancel':
        this.abort(record);
        return;
      case 'discard':
        this.allow(record);
        return;
      case 'save':
        record.closing = 'saving';
        this.startTimer(record, this.timeouts.saveStartMs);
        record.port.send(EVENTS.menu.channel, 'save');
        return;
      default:
        assertNever(choice);
    }
  }

  private allow(record: WindowRecord): void {
    this.clearTimer(record);
    record.closing = 'allowed';
    record.port.close();
  }

  private abort(record: WindowRecord): void {
    this.clearTimer(record);
    record.closing = 'open';
    this.quitting = false;
    this.quitInterrupted = false;
  }

  /** The window is gone; a quit that waited on it goes on. */
  onClosed(): void {
    if (!this.quitting || !this.quitInterrupted) return;
    this.quitInterrupted = false;
    this.app.quit();
  }

  private startTimer(record: WindowRecord, ms: number): void {
    this.clearTimer(record);
    record.timer = setTimeout(() => {
      record.timer = undefined;
      if (record.closing === 'saving' || record.closing === 'saved') {
        this.app.log(`Close of window ${record.port.id} abandoned: the page did not finish saving.`);
        this.abort(record);
      }
    }, ms);
  }

  private clearTimer(record: WindowRecord): void {
    if (record.timer !== undefined) clearTimeout(record.timer);
    record.timer = undefined;
  }
}
