/**
 * The windows the shell created, with what main knows about each: the
 * document state the renderer last reported, its backup id, whether its page
 * has loaded, and where it is in the close flow.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentState } from '../../core/host/bridge.js';
import type { WindowPort } from './ports.js';

/** Where a window is in the "unsaved changes" close flow (see close-guard.ts). */
export type ClosePhase = 'open' | 'asking' | 'saving' | 'saved' | 'allowed';

/** One window and the state main keeps for it. */
export interface WindowRecord {
  readonly port: WindowPort;
  /**
   * Names this window's crash backup file; fresh per window so that a crash's
   * leftovers never collide with it, and renewed when the page crashes so
   * that the reloaded page finds its own last backup among the recoverable.
   */
  backupId: string;
  state: DocumentState | undefined;
  loaded: boolean;
  /** Events sent before the page loaded, delivered once it has. */
  readonly outbox: Array<{ readonly channel: string; readonly payload: unknown }>;
  closing: ClosePhase;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The registry of live windows. */
export class WindowRegistry {
  private readonly records = new Map<number, WindowRecord>();
  private lastFocused: number | null = null;

  add(port: WindowPort): WindowRecord {
    const record: WindowRecord = {
      port,
      backupId: randomUUID(),
      state: undefined,
      loaded: false,
      outbox: [],
      closing: 'open',
      timer: undefined,
    };
    this.records.set(port.id, record);
    this.lastFocused = port.id;
    return record;
  }

  get(id: number): WindowRecord | undefined {
    return this.records.get(id);
  }

  byWebContents(webContentsId: number): WindowRecord | undefined {
    for (const record of this.records.values()) if (record.port.webContentsId === webContentsId) return record;
    return undefined;
  }

  remove(id: number): WindowRecord | undefined {
    const record = this.records.get(id);
    this.records.delete(id);
    if (record?.timer !== undefined) clearTimeout(record.timer);
    if (this.lastFocused === id) this.lastFocused = null;
    return record;
  }

  all(): WindowRecord[] {
    return [...this.records.values()];
  }

  /** Backup ids of live windows (their backups are not crash leftovers). */
  liveBackupIds(): Set<string> {
    return new Set(this.all().map((it) => it.backupId));
  }

  noteFocus(id: number): void {
    if (this.records.has(id)) this.lastFocused = id;
  }

  /** The window an event without a sender goes to: the focused one, else the last focused, else any. */
  target(focusedId: number | null): WindowRecord | undefined {
    const id = focusedId ?? this.lastFocused;
    return (id === null ? undefined : this.records.get(id)) ?? this.all().at(-1);
  }

  /** Sends an event now if the page has loaded, else queues it until `markLoaded`. */
  deliver(record: WindowRecord, channel: string, payload: unknown): void {
    if (record.port.isDestroyed()) return;
    if (record.loaded) record.port.send(channel, payload);
    else record.outbox.push({ channel, payload });
  }

  /** The page finished loading: flushes queued events. */
  markLoaded(record: WindowRecord): void {
    record.loaded = true;
    for (const { channel, payload } of record.outbox.splice(0)) record.port.send(channel, payload);
  }
}
