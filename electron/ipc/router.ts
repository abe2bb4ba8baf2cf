/**
 * Every IPC channel of core/host/bridge.ts bound to the shell, behind the
 * checks of validate.ts: sender, size, schema. main.ts registers these with
 * ipcMain.handle / ipcMain.on; tests call them with fake events.
 */
import type { z } from 'zod';
import { INVOKE, SEND } from '../../core/host/bridge.js';
import type { AppShell } from '../shell/app-shell.js';
import type { WindowRecord } from '../shell/windows.js';
import { IpcRejection, MAX_PAYLOAD_BYTES, checkSender, parsePayload, type IpcEventLike } from './validate.js';

type InvokeMap = typeof INVOKE;
type SendMap = typeof SEND;

/** An ipcMain.handle handler: resolves with the response, or rejects with a one-line message. */
export type InvokeHandler = (event: IpcEventLike, payload: unknown) => Promise<unknown>;
/** An ipcMain.on handler: bad messages are dropped and logged. */
export type SendHandler = (event: IpcEventLike, payload: unknown) => void;

/** The handlers, keyed by channel name. */
export interface IpcRoutes {
  readonly invoke: ReadonlyMap<string, InvokeHandler>;
  readonly send: ReadonlyMap<string, SendHandler>;
}

/** Options of the router. */
export interface RouterOptions {
  readonly maxPayloadBytes?: number;
  readonly log?: (message: string) => void;
}

/** Builds the handlers for every channel in the bridge. */
export function createIpcRoutes(shell: AppShell, options: RouterOptions = {}): IpcRoutes {
  const maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const log = options.log ?? (() => undefined);

  const accept = (channel: string, event: IpcEventLike): WindowRecord => {
    checkSender(channel, event, (id) => shell.isOurWebContents(id));
    return shell.windowOf(event.sender.id);
  };

  function route<Req extends z.ZodType, Res extends z.ZodType>(
    spec: { readonly channel: string; readonly request: Req; readonly response: Res },
    impl: (record: WindowRecord, request: z.infer<Req>) => Promise<z.infer<Res>>,
  ): InvokeHandler {
    return async (event, payload) => {
      let record: WindowRecord;
      let request: z.infer<Req>;
      try {
        record = accept(spec.channel, event);
        request = parsePayload(spec.channel, spec.request, payload, maxBytes);
      } catch (error) {
        if (error instanceof IpcRejection) log(error.message);
        throw error;
      }
      return impl(record, request);
    };
  }

  function listen<P extends z.ZodType>(
    spec: { readonly channel: string; readonly payload: P },
    impl: (record: WindowRecord, payload: z.infer<P>) => void,
  ): SendHandler {
    return (event, payload) => {
      try {
        impl(accept(spec.channel, event), parsePayload(spec.channel, spec.payload, payload, maxBytes));
      } catch (error) {
        log(error instanceof IpcRejection ? error.message : `${spec.channel}: ${String(error)}`);
      }
    };
  }

  // `satisfies` over every key makes a channel added to the bridge without a handler here a compile error.
  const invokeRoutes = {
    openDialog: route(INVOKE.openDialog, (record) => shell.openDialog(record)),
    openPath: route(INVOKE.openPath, (record, filePath) => shell.openPath(record, filePath)),
    save: route(INVOKE.save, (record, request) => shell.save(record, request)),
    recentFiles: route(INVOKE.recentFiles, () => shell.recentFiles()),
    recoverable: route(INVOKE.recoverable, () => shell.recoverable()),
    discardRecoverable: route(INVOKE.discardRecoverable, (_record, id) => shell.discardRecoverable(id)),
  } satisfies { readonly [K in keyof InvokeMap]: InvokeHandler };
  const sendRoutes = {
    documentState: listen(SEND.documentState, (record, state) => shell.documentState(record, state)),
    backup: listen(SEND.backup, (record, request) => shell.backup(record, request)),
  } satisfies { readonly [K in keyof SendMap]: SendHandler };

  const invoke = new Map<string, InvokeHandler>();
  const send = new Map<string, SendHandler>();
  for (const key of Object.keys(INVOKE) as Array<keyof InvokeMap>) invoke.set(INVOKE[key].channel, invokeRoutes[key]);
  for (const key of Object.keys(SEND) as Array<keyof SendMap>) send.set(SEND[key].channel, sendRoutes[key]);
  return { invoke, send };
}
