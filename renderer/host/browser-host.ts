/**
 * The Host for `npm run web`: files through the File System Access API where
 * present (the handle is kept, so Save writes back), else a file input and a
 * download; recent files and backups in IndexedDB; the tab title shows the
 * document. There is no native menu: keyboard shortcuts are the page's.
 */
import type { Host, OpenedDocument, RecentFile } from './host.js';
import {
  addRecent,
  type BackupRecord,
  liveSessions,
  newSessionId,
  type RecentRecord,
  recoverableBackups,
  staleRecent,
  TAB_LOCK_PREFIX,
  textRecent,
  windowTitle,
  withExtension,
} from './browser-records.js';
import { asFileHandle, ensurePermission, hasOpenPicker, hasSavePicker, isAbort, pickFileToOpen, pickFileToSave, writeThroughHandle } from './file-access.js';
import { getAll, put, remove } from './idb.js';

/**
 * Holds a Web Lock named after this tab until the tab goes. The browser
 * releases it when the tab closes or crashes, with no timers to throttle in
 * a background tab, so other tabs can tell a live tab's backup from an
 * abandoned one. Without Web Locks every other backup is offered, as before.
 */
function holdTabLock(sessionId: string): void {
  navigator.locks?.request(`${TAB_LOCK_PREFIX}${sessionId}`, () => new Promise<void>(() => undefined)).catch((e: unknown) => console.warn(`tab lock failed: ${messageOf(e)}`));
}

async function otherLiveTabs(): Promise<Set<string>> {
  if (!navigator.locks) return new Set();
  const { held = [] } = await navigator.locks.query();
  return liveSessions(held.map((l) => l.name));
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Opens a file input and resolves with the chosen file, or null when the dialog is cancelled. */
function pickWithInput(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.bpgraph,.json,application/json';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function createBrowserHost(): Host {
  const sessionId = newSessionId(Date.now(), Math.random());
  holdTabLock(sessionId);
  let dirty = false;
  window.addEventListener('beforeunload', (e) => {
    if (dirty) e.preventDefault();
  });

  const remember = async (entry: RecentRecord | undefined): Promise<void> => {
    if (!entry) return;
    try {
      const list = await getAll<RecentRecord>('recent');
      // Handles are equal when they name the same file; an older entry for it gives up its key.
      const handle = asFileHandle(entry.handle);
      let key = entry.key;
      if (handle) {
        for (const r of list) {
          const other = asFileHandle(r.handle);
          if (other && (await other.isSameEntry(handle))) key = r.key;
        }
      }
      const next = addRecent(list, { ...entry, key });
      await put('recent', next[0]);
      for (const old of staleRecent([...list.filter((r) => r.key !== key), next[0]])) await remove('recent', old.key);
    } catch (e) {
      console.warn(`recent files not updated: ${messageOf(e)}`);
    }
  };

  const openHandle = async (handle: FileSystemFileHandle): Promise<OpenedDocument> => {
    if (!(await ensurePermission(handle, 'read'))) throw new Error(`${handle.name}: permission to read was not granted`);
    const file = await handle.getFile();
    const text = await file.text();
    await remember({ key: `handle:${handle.name}:${Date.now()}`, name: handle.name, openedAt: Date.now(), handle });
    return { file: { name: handle.name, handle, token: String(file.lastModified) }, text };
  };

  return {
    kind: 'browser',
    nativeMenu: false,

    async openDialog() {
      if (hasOpenPicker()) {
        const handle = await pickFileToOpen();
        return handle ? openHandle(handle) : null;
      }
      const file = await pickWithInput();
      if (!file) return null;
      const text = await file.text();
      await remember(textRecent(file.name, text, Date.now()));
      return { file: { name: file.name }, text };
    },

    async openDropped(file) {
      const text = await file.text();
      await remember(textRecent(file.name, text, Date.now()));
      return { file: { name: file.name }, text };
    },

    async save({ text, file, saveAs, force }) {
      const name = withExtension(file.name);
      try {
        let handle = saveAs ? undefined : asFileHandle(file.handle);
        if (handle && !force && file.token !== undefined) {
          const onDisk = await handle.getFile();
          if (String(onDisk.lastModified) !== file.token) {
            return { status: 'conflict', message: `${handle.name} was changed by another program since it was opened or last saved.` };
          }
        }
        if (!handle && hasSavePicker()) {
          const picked = await pickFileToSave(name);
          if (!picked) return { status: 'cancelled' };
          handle = picked;
        }
        if (!handle) {
          download(name, text);
          return { status: 'saved', file: { name } };
        }
        const modified = await writeThroughHandle(handle, text);
        await remember({ key: `handle:${handle.name}:${Date.now()}`, name: handle.name, openedAt: Date.now(), handle });
        return { status: 'saved', file: { name: handle.name, handle, token: String(modified) } };
      } catch (e) {
        if (isAbort(e)) return { status: 'cancelled' };
        return { status: 'error', message: `could not save ${name}: ${messageOf(e)}` };
      }
    },

    async recentFiles(): Promise<RecentFile[]> {
      try {
        const list = await getAll<RecentRecord>('recent');
        return list
          .sort((a, b) => b.openedAt - a.openedAt)
          .map((r) => ({ id: r.key, name: r.name, detail: r.handle ? 'file on this computer' : 'copy kept by the browser', openedAt: r.openedAt }));
      } catch {
        return [];
      }
    },

    async openRecent(id) {
      const entry = (await getAll<RecentRecord>('recent')).find((r) => r.key === id);
      if (!entry) throw new Error('that file is no longer in the recent list');
      const handle = asFileHandle(entry.handle);
      if (handle) return openHandle(handle);
      if (entry.text === undefined) throw new Error(`${entry.name}: the browser kept no copy of it`);
      await remember({ ...entry, openedAt: Date.now() });
      return { file: { name: entry.name }, text: entry.text };
    },

    documentState(state) {
      dirty = state.dirty;
      document.title = windowTitle(state.name, state.dirty);
    },

    backup(state) {
      const write = state.text === null ? remove('backups', sessionId) : put<BackupRecord>('backups', { id: sessionId, name: state.name, text: state.text, savedAt: Date.now() });
      write.catch((e: unknown) => console.warn(`backup failed: ${messageOf(e)}`));
    },

    async recoverable() {
      try {
        return recoverableBackups(await getAll<BackupRecord>('backups'), sessionId, await otherLiveTabs());
      } catch {
        return [];
      }
    },

    async discardRecoverable(id) {
      await remove('backups', id);
    },

    // The browser has no native menu and no other way to push files at the page; these never fire.
    onMenu: () => () => undefined,
    onOpenFile: () => () => undefined,
    onOpenFailed: () => () => undefined,
  };
}
