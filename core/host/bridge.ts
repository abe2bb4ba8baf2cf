/**
 * The desktop bridge: the one fixed list of IPC channels between the Electron
 * main process and the renderer, with the schema of every payload. The main
 * process validates each incoming payload against these schemas; the preload
 * exposes exactly these calls as `window.bpstudio`; the renderer's Electron
 * host calls them. Pure TypeScript + zod, so all three sides import it.
 */
import { z } from 'zod';

/** Largest document text accepted over IPC (the same limit the file loader applies). */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

const text = z.string().max(MAX_DOCUMENT_BYTES);
const filePath = z.string().min(1).max(4096);
const name = z.string().min(1).max(255);

/** A document read from disk. `token` identifies the on-disk version it was read from (for conflict detection). */
export const openedFileSchema = z.object({ path: filePath, name, text, token: z.string().max(200) });
export type OpenedFile = z.infer<typeof openedFileSchema>;

export const saveRequestSchema = z.object({
  /** Target path; absent means "ask" (Save As, or the first save of a new document). */
  path: filePath.optional(),
  text,
  /** The token the document was opened or last saved with; a mismatch on disk is a conflict. */
  token: z.string().max(200).optional(),
  /** Overwrite even if the file changed on disk (after the user confirmed). */
  force: z.boolean().optional(),
  /** Save As: always ask where, suggesting `path` (the document's current file) when given. */
  saveAs: z.boolean().optional(),
  suggestedName: name.optional(),
});
export type SaveRequest = z.infer<typeof saveRequestSchema>;

export const saveResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: filePath, name, token: z.string() }),
  z.object({ status: z.literal('cancelled') }),
  /** The file changed on disk since it was opened; nothing was written. */
  z.object({ status: z.literal('conflict'), path: filePath, message: z.string() }),
  /** Nothing was written; the message names the path and the reason. */
  z.object({ status: z.literal('error'), message: z.string() }),
]);
export type SaveResult = z.infer<typeof saveResultSchema>;

export const recentEntrySchema = z.object({ path: filePath, name, openedAt: z.number() });
export type RecentEntry = z.infer<typeof recentEntrySchema>;

export const documentStateSchema = z.object({ name, path: filePath.optional(), dirty: z.boolean() });
export type DocumentState = z.infer<typeof documentStateSchema>;

export const backupSchema = z.object({ text: text.nullable(), name, path: filePath.optional() });
export type BackupRequest = z.infer<typeof backupSchema>;

export const recoverableSchema = z.object({ id: z.string().max(200), name, path: filePath.optional(), savedAt: z.number(), text });
export type Recoverable = z.infer<typeof recoverableSchema>;

/** Commands the native menu sends to the renderer. */
export const MENU_COMMANDS = [
  'new', 'open', 'save', 'save-as', 'close', 'undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'select-all',
  'zoom-in', 'zoom-out', 'fit-view', 'add-node', 'examples',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Renderer → main calls that return a value (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE = {
  openDialog: { channel: 'doc:open-dialog', request: z.null(), response: openedFileSchema.nullable() },
  openPath: { channel: 'doc:open-path', request: filePath, response: openedFileSchema },
  save: { channel: 'doc:save', request: saveRequestSchema, response: saveResultSchema },
  recentFiles: { channel: 'recent:list', request: z.null(), response: z.array(recentEntrySchema) },
  recoverable: { channel: 'backup:list', request: z.null(), response: z.array(recoverableSchema) },
  discardRecoverable: { channel: 'backup:discard', request: z.string().max(200), response: z.null() },
} as const;

/** Renderer → main notifications (ipcRenderer.send / ipcMain.on). */
export const SEND = {
  documentState: { channel: 'doc:state', payload: documentStateSchema },
  backup: { channel: 'doc:backup', payload: backupSchema },
} as const;

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export const EVENTS = {
  menu: { channel: 'menu:command', payload: z.enum(MENU_COMMANDS) },
  /** A file to open: from argv, the OS (open-file, second-instance) or Open Recent. */
  openFile: { channel: 'doc:open-file', payload: openedFileSchema },
  /** A file failed to open before the renderer could ask (e.g. argv); shown as an error dialog. */
  openFailed: { channel: 'doc:open-failed', payload: z.object({ path: z.string(), message: z.string() }) },
} as const;

type InvokeMap = typeof INVOKE;
type SendMap = typeof SEND;
type EventMap = typeof EVENTS;

/**
 * A file dropped onto the page: the DOM's `File`, typed structurally so that
 * core stays free of the DOM library (the preload checks it is a real File).
 */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** What the preload exposes as `window.bpstudio`. */
export type BridgeApi = {
  readonly [K in keyof InvokeMap]: (request: z.infer<InvokeMap[K]['request']>) => Promise<z.infer<InvokeMap[K]['response']>>;
} & {
  readonly [K in keyof SendMap]: (payload: z.infer<SendMap[K]['payload']>) => void;
} & {
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  readonly on: <K extends keyof EventMap>(event: K, listener: (payload: z.infer<EventMap[K]['payload']>) => void) => () => void;
  /**
   * The path of a file dropped onto the page (Electron's `webUtils.getPathForFile`), or '' when it has none (a
   * file made in memory). Answered by the preload itself, synchronously: a `File` cannot travel over IPC.
   */
  readonly pathForFile: (file: DroppedFile) => string;
};
