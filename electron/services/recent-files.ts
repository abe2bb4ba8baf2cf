/**
 * The recent-files list, kept as JSON in user data: newest first, capped,
 * without duplicates, and without files that no longer exist. Every change is
 * written atomically, and changes are serialised so that two quick opens
 * cannot lose each other's entry.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { recentEntrySchema, type RecentEntry } from '../../core/host/bridge.js';
import { writeFileAtomic } from './atomic-write.js';

const recentFileSchema = z.object({
  format: z.literal('backprop-studio/recent'),
  version: z.literal(1),
  entries: z.array(z.unknown()),
});

/** Options of the recent-files list. */
export interface RecentFilesOptions {
  readonly limit?: number;
  /** Decides whether paths compare case-insensitively (Windows and macOS file systems usually do). */
  readonly platform?: NodeJS.Platform;
  readonly now?: () => number;
}

/** The recent-files list stored in one JSON file. */
export class RecentFiles {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly limit: number;
  private readonly caseInsensitive: boolean;
  private readonly now: () => number;

  constructor(private readonly file: string, options: RecentFilesOptions = {}) {
    this.limit = options.limit ?? 10;
    const platform = options.platform ?? process.platform;
    this.caseInsensitive = platform === 'win32' || platform === 'darwin';
    this.now = options.now ?? Date.now;
  }

  /** The entries whose files still exist, newest first; prunes the stored list when some vanished. */
  list(): Promise<RecentEntry[]> {
    return this.serial(async () => {
      const entries = await this.load();
      const present: RecentEntry[] = [];
      for (const entry of entries) if (await isFile(entry.path)) present.push(entry);
      if (present.length !== entries.length) await this.store(present);
      return present;
    });
  }

  /** Puts `filePath` first (moving it if already listed) and returns the new list. */
  add(filePath: string): Promise<RecentEntry[]> {
    return this.serial(async () => {
      const full = path.resolve(filePath);
      const entry: RecentEntry = { path: full, name: path.basename(full), openedAt: this.now() };
      const rest = (await this.load()).filter((it) => this.key(it.path) !== this.key(full));
      const next = [entry, ...rest].slice(0, this.limit);
      await this.store(next);
      return next;
    });
  }

  /** Removes one path (e.g. after it failed to open). */
  remove(filePath: string): Promise<RecentEntry[]> {
    return this.serial(async () => {
      const key = this.key(path.resolve(filePath));
      const next = (await this.load()).filter((it) => this.key(it.path) !== key);
      await this.store(next);
      return next;
    });
  }

  /** Empties the list. */
  clear(): Promise<RecentEntry[]> {
    return this.serial(async () => {
      await this.store([]);
      return [];
    });
  }

  private key(filePath: string): string {
    return this.caseInsensitive ? filePath.toLowerCase() : filePath;
  }

  // A missing or damaged file is an empty list: recent files are a convenience, never a reason to fail.
  private async load(): Promise<RecentEntry[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return [];
    }
    const parsed = recentFileSchema.safeParse(raw);
    if (!parsed.success) return [];
    const seen = new Set<string>();
    const entries: RecentEntry[] = [];
    for (const item of parsed.data.entries) {
      const entry = recentEntrySchema.safeParse(item);
      if (!entry.success || !path.isAbsolute(entry.data.path) || seen.has(this.key(entry.data.path))) continue;
      seen.add(this.key(entry.data.path));
      entries.push(entry.data);
    }
    return entries.slice(0, this.limit);
  }

  private async store(entries: readonly RecentEntry[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify({ format: 'backprop-studio/recent', version: 1, entries }, null, 2)}\n`);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}
