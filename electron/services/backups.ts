/**
 * Crash backups of dirty documents, one JSON file per window under
 * `userData/backups`. A clean close removes the window's file, so whatever is
 * left at the next start was left by a crash and is offered for recovery.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { recoverableSchema, type BackupRequest, type Recoverable } from '../../core/host/bridge.js';
import { writeFileAtomic } from './atomic-write.js';
import { errorCode } from './fs-errors.js';

const BACKUP_FORMAT = 'backprop-studio/backup';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const backupFileSchema = recoverableSchema.extend({ format: z.literal(BACKUP_FORMAT), version: z.literal(1) });

/** True for an id a backup file may have (it becomes a file name, so nothing that could leave the folder). */
export function isBackupId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The backups folder: writes, removes and lists backup files. */
export class BackupStore {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private fileOf(id: string): string {
    if (!isBackupId(id)) throw new Error(`Invalid backup id ${JSON.stringify(id).slice(0, 80)}.`);
    return path.join(this.dir, `${id}.json`);
  }

  /** Writes (atomically) the backup of a dirty document. */
  async write(id: string, document: { readonly text: string; readonly name: string; readonly path?: string | undefined }): Promise<void> {
    const file = this.fileOf(id);
    await mkdir(this.dir, { recursive: true });
    const record = {
      format: BACKUP_FORMAT,
      version: 1,
      id,
      name: document.name,
      ...(document.path === undefined ? {} : { path: document.path }),
      savedAt: this.now(),
      text: document.text,
    };
    await writeFileAtomic(file, JSON.stringify(record));
  }

  /** Removes a backup; a missing one is fine. */
  async remove(id: string): Promise<void> {
    try {
      await unlink(this.fileOf(id));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }

  /**
   * The backups not owned by a live window, newest first. Unreadable or
   * foreign files are skipped, never fatal: recovery must not stop the app.
   */
  async list(liveIds: ReadonlySet<string> = new Set()): Promise<Recoverable[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const found: Recoverable[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!isBackupId(id) || liveIds.has(id)) continue;
      const record = await this.read(id);
      if (record !== null) found.push(record);
    }
    return found.sort((a, b) => b.savedAt - a.savedAt);
  }

  private async read(id: string): Promise<Recoverable | null> {
    try {
      const parsed = backupFileSchema.safeParse(JSON.parse(await readFile(this.fileOf(id), 'utf8')));
      if (!parsed.success || parsed.data.id !== id) return null;
      const { id: recordId, name, path: docPath, savedAt, text } = parsed.data;
      return { id: recordId, name, ...(docPath === undefined ? {} : { path: docPath }), savedAt, text };
    } catch {
      return null;
    }
  }
}

/** Timer functions, injectable so tests can use short real delays. */
export interface Timers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Pending {
  request: BackupRequest & { text: string };
  timer: unknown;
  firstAt: number;
}

/**
 * Debounces backup writes per window: a write happens `delayMs` after the
 * last edit, but at least every `maxWaitMs` while edits keep coming, so a
 * long burst of typing is still backed up. Writes and removals of one id are
 * serialised, so a late write can never resurrect a removed backup.
 */
export class BackupScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: BackupStore,
    private readonly options: { readonly delayMs?: number; readonly maxWaitMs?: number; readonly timers?: Timers; readonly onError?: (error: unknown) => void } = {},
  ) {}

  /** Records the latest state of a window's document: text to back up, or null when it is clean. */
  update(id: string, request: BackupRequest): void {
    const { text } = request;
    if (text === null) {
      this.discard(id);
      return;
    }
    const timers = this.options.timers ?? realTimers;
    const delay = this.options.delayMs ?? 1000;
    const maxWait = this.options.maxWaitMs ?? 5000;
    const existing = this.pending.get(id);
    const now = Date.now();
    if (existing !== undefined) timers.clearTimeout(existing.timer);
    const firstAt = existing?.firstAt ?? now;
    const wait = Math.max(0, Math.min(delay, firstAt + maxWait - now));
    const entry: Pending = { request: { ...request, text }, timer: undefined, firstAt };
    entry.timer = timers.setTimeout(() => this.flush(id), wait);
    this.pending.set(id, entry);
  }

  /** Writes a pending backup now. */
  flush(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (entry === undefined) return this.queues.get(id) ?? Promise.resolve();
    (this.options.timers ?? realTimers).clearTimeout(entry.timer);
    this.pending.delete(id);
    const { text, name, path: docPath } = entry.request;
    return this.enqueue(id, () => this.store.write(id, { text, name, path: docPath }));
  }

  /** Drops any pending write and removes the backup file (the document is clean, or was closed). */
  discard(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (entry !== undefined) {
      (this.options.timers ?? realTimers).clearTimeout(entry.timer);
      this.pending.delete(id);
    }
    return this.enqueue(id, () => this.store.remove(id));
  }

  /** Resolves when every queued write and removal has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private enqueue(id: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => this.options.onError?.(error));
    this.queues.set(id, next);
    void next.then(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    });
    return next;
  }
}
