/**
 * The preload: exposes exactly the BridgeApi of core/host/bridge.ts as
 * `window.bpstudio`, and nothing of ipcRenderer itself. It runs sandboxed, so
 * it is bundled to one CommonJS file whose only import is 'electron'.
 *
 * Two conveniences for the renderer: responses and events are checked against
 * the bridge's schemas here too, and main's rejections reach the page as the
 * one-line message main wrote, without Electron's "Error invoking remote
 * method ..." prefix. Events that arrive before the page subscribes (a file
 * given on the command line reaches a page still starting up) are held and
 * handed to the first subscriber. `pathForFile` is answered here, without
 * IPC: it maps a dropped File to its path, which only the preload can see.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { z } from 'zod';
import { EVENTS, INVOKE, SEND, type BridgeApi } from '../core/host/bridge.js';

type EventMap = typeof EVENTS;
type EventKey = keyof EventMap;
type Listener<K extends EventKey> = (payload: z.infer<EventMap[K]['payload']>) => void;

const PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

function call<Req extends z.ZodType, Res extends z.ZodType>(spec: { readonly channel: string; readonly request: Req; readonly response: Res }) {
  return async (request: z.infer<Req>): Promise<z.infer<Res>> => {
    let result: unknown;
    try {
      result = await ipcRenderer.invoke(spec.channel, request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(message.replace(PREFIX, ''));
    }
    return spec.response.parse(result);
  };
}

function notify<P extends z.ZodType>(spec: { readonly channel: string; readonly payload: P }) {
  return (payload: z.infer<P>): void => ipcRenderer.send(spec.channel, payload);
}

/** One main → renderer event: validates, holds events until the first subscriber, fans out. */
function eventHub<P extends z.ZodType>(spec: { readonly channel: string; readonly payload: P }) {
  const listeners = new Set<(payload: z.infer<P>) => void>();
  let held: Array<z.infer<P>> = [];
  ipcRenderer.on(spec.channel, (_event, raw: unknown) => {
    const parsed = spec.payload.safeParse(raw);
    if (!parsed.success) return;
    if (listeners.size === 0) held.push(parsed.data);
    else for (const listener of listeners) listener(parsed.data);
  });
  return (listener: (payload: z.infer<P>) => void): (() => void) => {
    if (typeof listener !== 'function') throw new Error(`bpstudio.on: the listener for ${spec.channel} is not a function.`);
    listeners.add(listener);
    const pending = held;
    held = [];
    if (pending.length > 0) queueMicrotask(() => pending.forEach((payload) => listener(payload)));
    return () => {
      listeners.delete(listener);
    };
  };
}

const hubs: { readonly [K in EventKey]: (listener: Listener<K>) => () => void } = {
  menu: eventHub(EVENTS.menu),
  openFile: eventHub(EVENTS.openFile),
  openFailed: eventHub(EVENTS.openFailed),
};

function subscribe<K extends EventKey>(event: K, listener: Listener<K>): () => void {
  if (!Object.hasOwn(hubs, event)) throw new Error(`bpstudio.on: unknown event ${String(event)}.`);
  return hubs[event](listener);
}

const api: BridgeApi = {
  openDialog: call(INVOKE.openDialog),
  openPath: call(INVOKE.openPath),
  save: call(INVOKE.save),
  recentFiles: call(INVOKE.recentFiles),
  recoverable: call(INVOKE.recoverable),
  discardRecoverable: call(INVOKE.discardRecoverable),
  documentState: notify(SEND.documentState),
  backup: notify(SEND.backup),
  on: subscribe,
  // Only a real File has a path; the page may pass anything through contextBridge.
  pathForFile: (file) => (file instanceof File ? webUtils.getPathForFile(file) : ''),
};

contextBridge.exposeInMainWorld('bpstudio', api);
