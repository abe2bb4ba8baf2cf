/**
 * Test doubles for the shell's ports: windows that record what main sent
 * them and close the way Electron does (ask `shouldClose`, then `closed`),
 * dialogs with scripted answers, and an app that records its calls.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemSpec } from '../../electron/menu/menu-template.js';
import { AppShell, type AppShellOptions } from '../../electron/shell/app-shell.js';
import type { AppPort, WindowPort } from '../../electron/shell/ports.js';
import type { IpcEventLike } from '../../electron/ipc/validate.js';
import { type ScriptedDialogs, scriptedDialogs } from './scripted-dialogs.js';

/** A window double. */
export interface FakeWindow extends WindowPort {
  readonly sent: Array<{ channel: string; payload: unknown }>;
  title: string;
  edited: boolean;
  destroyed: boolean;
  reloads: number;
}

/** Scripted dialog answers and a log of what was asked. */
/** A shell over doubles and a real temporary user-data folder. */
export interface Harness {
  readonly shell: AppShell;
  readonly dir: string;
  readonly userData: string;
  readonly dialogs: ScriptedDialogs;
  readonly menus: MenuItemSpec[][];
  readonly quits: { count: number };
  readonly logs: string[];
  /** Creates and registers a window whose page has loaded. */
  openWindow(): FakeWindow;
  /** An IPC event as the given window's page would send it. */
  eventFrom(win: WindowPort, url?: string): IpcEventLike;
  cleanup(): Promise<void>;
}

let nextId = 1;

/** Makes a temporary folder for one test. */
export function tempDir(prefix = 'bpstudio-electron-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Builds a shell over doubles in a fresh temporary folder (or `userData` to simulate a restart). */
export async function createHarness(options: Partial<Pick<AppShellOptions, 'backupDelayMs' | 'closeTimeouts'>> & { userData?: string; platform?: NodeJS.Platform } = {}): Promise<Harness> {
  const dir = await tempDir();
  const userData = options.userData ?? path.join(dir, 'user-data');
  const menus: MenuItemSpec[][] = [];
  const quits = { count: 0 };
  const logs: string[] = [];
  const dialogs = scriptedDialogs();
  // Windows close through the shell, which is built after them.
  const holder: { shell?: AppShell } = {};
  const makeWindow = (): FakeWindow => {
    const id = nextId++;
    const win: FakeWindow = {
      id,
      webContentsId: 1000 + id,
      sent: [],
      title: '',
      edited: false,
      destroyed: false,
      reloads: 0,
      send: (channel, payload) => win.sent.push({ channel, payload }),
      setTitle: (title) => {
        win.title = title;
      },
      setDocumentEdited: (edited) => {
        win.edited = edited;
      },
      close: () => {
        const { shell } = holder;
        if (win.destroyed || shell === undefined) return;
        if (!shell.shouldClose(id)) return;
        win.destroyed = true;
        shell.windowClosed(id);
      },
      focus: () => undefined,
      toggleDevTools: () => undefined,
      reload: () => {
        win.reloads++;
      },
      isDestroyed: () => win.destroyed,
    };
    return win;
  };
  const app: AppPort = {
    platform: options.platform ?? 'linux',
    isDev: false,
    documentsDir: path.join(dir, 'documents'),
    createWindow: makeWindow,
    focusedWindowId: () => null,
    setMenu: (template) => menus.push(template),
    addRecentDocument: () => undefined,
    clearRecentDocuments: () => undefined,
    quit: () => {
      quits.count++;
    },
    log: (message) => logs.push(message),
  };
  const created = new AppShell({
    app,
    dialogs,
    userDataDir: userData,
    ...(options.backupDelayMs === undefined ? {} : { backupDelayMs: options.backupDelayMs }),
    ...(options.closeTimeouts === undefined ? {} : { closeTimeouts: options.closeTimeouts }),
  });
  holder.shell = created;
  await created.start();
  return {
    shell: created,
    dir,
    userData,
    dialogs,
    menus,
    quits,
    logs,
    openWindow: () => {
      const win = makeWindow();
      created.addWindow(win);
      created.windowLoaded(win.id);
      return win;
    },
    eventFrom: (win, url = 'app://bpstudio/index.html') => ({ sender: { id: win.webContentsId }, senderFrame: { url, parent: null } }),
    cleanup: async () => {
      await created.scheduler.idle();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
