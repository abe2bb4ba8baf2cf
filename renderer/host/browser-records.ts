/**
 * The browser host's bookkeeping, kept free of browser APIs so that it is
 * unit-tested in Node: the recent-files list, which backups to offer for
 * recovery, file names and the window title.
 */
import type { Recoverable } from '../../core/host/bridge.js';

/** An Open Recent entry as stored in IndexedDB. */
export interface RecentRecord {
  /** Unique key: one per file handle, or per name for files opened without one. */
  readonly key: string;
  readonly name: string;
  readonly openedAt: number;
  /** A FileSystemFileHandle (IndexedDB can store them), when the file was opened through the picker. */
  readonly handle?: object;
  /** The text itself for files that came without a handle (file input, drop), when small enough. */
  readonly text?: string;
}

/** A tab's backup of its unsaved document. */
export interface BackupRecord {
  /** The tab's session id: each tab backs up into its own record. */
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly savedAt: number;
}

export const MAX_RECENT = 10;
/** Files opened without a handle are remembered with their text only up to this size. */
export const MAX_RECENT_TEXT = 2 * 1024 * 1024;
export const EXTENSION = '.bpgraph';

/** The list with `entry` first, any older entry with its key removed, at most `max` long. */
export function addRecent(list: readonly RecentRecord[], entry: RecentRecord, max = MAX_RECENT): RecentRecord[] {
  return [entry, ...list.filter((r) => r.key !== entry.key)].sort((a, b) => b.openedAt - a.openedAt).slice(0, max);
}

/** Records beyond the newest `max`, which the host deletes. */
export function staleRecent(list: readonly RecentRecord[], max = MAX_RECENT): RecentRecord[] {
  return [...list].sort((a, b) => b.openedAt - a.openedAt).slice(max);
}

/** The record for a file opened without a handle, or undefined when it is too large to keep. */
export function textRecent(name: string, text: string, now: number): RecentRecord | undefined {
  return text.length <= MAX_RECENT_TEXT ? { key: `text:${name}`, name, openedAt: now, text } : undefined;
}

/** The Web Lock each tab holds for as long as it lives: the browser drops it when the tab closes or crashes. */
export const TAB_LOCK_PREFIX = 'bpstudio-tab:';

/** Session ids of the live tabs, from the names of the Web Locks held now. */
export function liveSessions(heldLockNames: readonly (string | undefined)[]): Set<string> {
  return new Set(heldLockNames.flatMap((n) => (n !== undefined && n.startsWith(TAB_LOCK_PREFIX) ? [n.slice(TAB_LOCK_PREFIX.length)] : [])));
}

/**
 * Backups that other sessions left behind, newest first. Neither this
 * session's own backup nor that of a tab still open (`live`) is offered:
 * that document is being edited there, and recovering it here would fork it.
 */
export function recoverableBackups(records: readonly BackupRecord[], ownId: string, live: ReadonlySet<string> = new Set()): Recoverable[] {
  return records
    .filter((r) => r.id !== ownId && !live.has(r.id) && r.text !== '')
    .sort((a, b) => b.savedAt - a.savedAt)
    .map((r) => ({ id: r.id, name: r.name, savedAt: r.savedAt, text: r.text }));
}

/** `name.bpgraph` for a suggested file name, keeping an extension the user typed. */
export function withExtension(name: string): string {
  const base = name.trim() === '' ? 'untitled' : name.trim();
  return /\.(bpgraph|json)$/i.test(base) ? base : `${base}${EXTENSION}`;
}

/** True for names the editor opens when dropped (other files are refused with a message). */
export function isGraphFileName(name: string): boolean {
  return /\.(bpgraph|json)$/i.test(name);
}

/** `add-mul.bpgraph — Backprop Studio`, with `• ` in front when there are unsaved changes. */
export function windowTitle(name: string, dirty: boolean): string {
  return `${dirty ? '• ' : ''}${name} — Backprop Studio`;
}

/** A fresh id for this tab's backups. */
export function newSessionId(now: number, random: number): string {
  return `tab-${now.toString(36)}-${Math.floor(random * 0xffffffff).toString(36)}`;
}
