/**
 * The desktop host without Electron: `window.bpstudio` in the page, backed by
 * the real main-process code in the test process. The page's calls go through
 * Playwright bindings into the same IPC router main registers with ipcMain
 * (electron/ipc/router.ts: sender check, size limit, schema), then the shell
 * (electron/shell/app-shell.ts) and its services: documents with atomic save
 * and conflict detection, recent files, backups, all over a temporary folder.
 * Events main sends (menu commands, files to open) reach the page's listeners
 * as the preload delivers them. Only the native dialogs are scripted.
 *
 * The init script is the preload's counterpart (electron/preload.ts): the same
 * API, events held until the first subscriber, rejections as main's one-line
 * message, responses checked against the bridge's schemas, and `pathForFile`
 * answering synchronously with the path Electron would know for a dropped
 * file (tests register one per File with `registerFilePath` in the page).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { z } from 'zod';
import { EVENTS, INVOKE, SEND, type MenuCommand } from '../../core/host/bridge.js';
import { createIpcRoutes, type IpcRoutes } from '../../electron/ipc/router.js';
import type { IpcEventLike } from '../../electron/ipc/validate.js';
import { APP_ORIGIN } from '../../electron/shell/app-protocol.js';
import { AppShell } from '../../electron/shell/app-shell.js';
import type { WindowPort } from '../../electron/shell/ports.js';
import { type ScriptedDialogs, scriptedDialogs } from '../electron/scripted-dialogs.js';

/** Native dialogs with scripted answers; an empty queue answers "cancelled". */
/** One desktop window's worth of main process, over a temporary folder. */
export interface E2eBridge {
  /** A temporary folder for the test's documents. */
  readonly dir: string;
  readonly userData: string;
  readonly shell: AppShell;
  readonly dialogs: ScriptedDialogs;
  /** The window title main last set (`name.bpgraph — Backprop Studio`, `• ` when dirty). */
  readonly title: () => string;
  readonly logs: string[];
  /** Installs `window.bpstudio` in the page; call before it loads. */
  attach(page: Page): Promise<void>;
  /** The page finished loading (Electron's did-finish-load): queued events go out. */
  pageLoaded(): void;
  /** Sends a native menu command the way a click on the menu item does. */
  menu(command: MenuCommand): void;
  cleanup(): Promise<void>;
}

const INVOKE_BINDING = '__bpstudioInvoke';
const SEND_BINDING = '__bpstudioSend';
const EVENT_HOOK = '__bpstudioEvent';
const FILE_PATHS = '__bpstudioFilePaths';

type InvokeKey = keyof typeof INVOKE;
type SendKey = keyof typeof SEND;

/** The script that defines `window.bpstudio` (runs in the page before its own scripts). */
function initScript(): string {
  const invokeNames = Object.keys(INVOKE);
  const sendNames = Object.keys(SEND);
  const events = Object.fromEntries(Object.entries(EVENTS).map(([key, spec]) => [spec.channel, key]));
  return `(() => {
  const invokeNames = ${JSON.stringify(invokeNames)};
  const sendNames = ${JSON.stringify(sendNames)};
  const channels = ${JSON.stringify(events)};
  const hubs = {};
  for (const key of Object.values(channels)) hubs[key] = { listeners: new Set(), held: [] };
  const filePaths = new WeakMap();
  Object.defineProperty(window, ${JSON.stringify(FILE_PATHS)}, { value: filePaths });
  Object.defineProperty(window, ${JSON.stringify(EVENT_HOOK)}, {
    value: (channel, payload) => {
      const hub = hubs[channels[channel]];
      if (!hub) return;
      if (hub.listeners.size === 0) hub.held.push(payload);
      else for (const listener of hub.listeners) listener(payload);
    },
  });
  const api = {};
  for (const name of invokeNames) {
    api[name] = async (request) => {
      const answer = await window[${JSON.stringify(INVOKE_BINDING)}](name, request === undefined ? null : request);
      if (!answer.ok) throw new Error(answer.message);
      return answer.value;
    };
  }
  for (const name of sendNames) {
    api[name] = (payload) => {
      void window[${JSON.stringify(SEND_BINDING)}](name, payload);
    };
  }
  api.pathForFile = (file) => (file instanceof File ? filePaths.get(file) ?? '' : '');
  api.on = (event, listener) => {
    const hub = hubs[event];
    if (!hub) throw new Error('bpstudio.on: unknown event ' + String(event) + '.');
    if (typeof listener !== 'function') throw new Error('bpstudio.on: the listener for ' + String(event) + ' is not a function.');
    hub.listeners.add(listener);
    const pending = hub.held.splice(0);
    if (pending.length > 0) queueMicrotask(() => pending.forEach((payload) => listener(payload)));
    return () => { hub.listeners.delete(listener); };
  };
  Object.defineProperty(window, 'bpstudio', { value: Object.freeze(api), enumerable: true });
})();`;
}

function isInvokeKey(name: unknown): name is InvokeKey {
  return typeof name === 'string' && Object.hasOwn(INVOKE, name);
}

function isSendKey(name: unknown): name is SendKey {
  return typeof name === 'string' && Object.hasOwn(SEND, name);
}

/** Creates the main-process side over a fresh temporary folder. */
export async function createBridge(): Promise<E2eBridge> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bpstudio-e2e-'));
  const userData = path.join(dir, 'user-data');
  const documentsDir = path.join(dir, 'documents');
  await mkdir(documentsDir, { recursive: true });
  const logs: string[] = [];
  let title = '';
  let page: Page | undefined;

  const dialogs = scriptedDialogs();

  // Events main sends: checked against the bridge's schemas (as the preload does), then handed to the page in order.
  let delivery: Promise<unknown> = Promise.resolve();
  const eventSchemas = new Map<string, z.ZodType>(Object.values(EVENTS).map((spec) => [spec.channel, spec.payload]));
  const win: WindowPort = {
    id: 1,
    webContentsId: 101,
    send: (channel, payload) => {
      const target = page;
      if (target === undefined) return;
      if (eventSchemas.get(channel)?.safeParse(payload).success !== true) {
        logs.push(`${channel}: main sent an event the bridge does not define`);
        return;
      }
      const hand = ({ hook, c, p }: { hook: string; c: string; p: unknown }): void => (globalThis as unknown as Record<string, (c: string, p: unknown) => void>)[hook]?.(c, p);
      delivery = delivery
        .then(() => target.evaluate(hand, { hook: EVENT_HOOK, c: channel, p: payload }))
        .catch((error: unknown) => logs.push(`${channel}: not delivered: ${String(error)}`));
    },
    setTitle: (value) => {
      title = value;
    },
    setDocumentEdited: () => undefined,
    close: () => undefined,
    focus: () => undefined,
    toggleDevTools: () => undefined,
    reload: () => undefined,
    isDestroyed: () => page?.isClosed() ?? false,
  };

  const shell = new AppShell({
    app: {
      platform: process.platform,
      isDev: false,
      documentsDir,
      createWindow: () => win,
      focusedWindowId: () => win.id,
      setMenu: () => undefined,
      addRecentDocument: () => undefined,
      clearRecentDocuments: () => undefined,
      quit: () => undefined,
      log: (message) => logs.push(message),
    },
    dialogs,
    userDataDir: userData,
  });
  await shell.start();
  shell.addWindow(win);
  const routes: IpcRoutes = createIpcRoutes(shell, { log: (message) => logs.push(message) });

  // What Electron puts on an IPC event: the sending webContents and frame. Our page is served over http from the
  // app server with app://'s files, so its address maps onto the app origin; anything else keeps its own and is refused.
  const eventFrom = (frame: Frame): IpcEventLike => {
    const url = new URL(frame.url());
    const local = url.hostname === '127.0.0.1' && url.protocol === 'http:';
    return { sender: { id: win.webContentsId }, senderFrame: { url: local ? `${APP_ORIGIN}${url.pathname}` : frame.url(), parent: frame.parentFrame() } };
  };

  return {
    dir,
    userData,
    shell,
    dialogs,
    title: () => title,
    logs,
    attach: async (target) => {
      page = target;
      await target.exposeBinding(INVOKE_BINDING, async (source, name: unknown, payload: unknown) => {
        if (!isInvokeKey(name)) return { ok: false, message: `No handler registered for '${String(name)}'` };
        const spec = INVOKE[name];
        const handler = routes.invoke.get(spec.channel);
        if (handler === undefined) return { ok: false, message: `No handler registered for '${spec.channel}'` };
        try {
          const value: unknown = await handler(eventFrom(source.frame), payload);
          return { ok: true, value: spec.response.parse(value) };
        } catch (error) {
          return { ok: false, message: error instanceof Error ? error.message : String(error) };
        }
      });
      await target.exposeBinding(SEND_BINDING, (source, name: unknown, payload: unknown) => {
        if (!isSendKey(name)) return;
        routes.send.get(SEND[name].channel)?.(eventFrom(source.frame), payload);
      });
      await target.addInitScript({ content: initScript() });
    },
    pageLoaded: () => shell.windowLoaded(win.id),
    menu: (command) => shell.menuAction({ kind: 'command', command }),
    cleanup: async () => {
      await delivery;
      await shell.scheduler.idle();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
