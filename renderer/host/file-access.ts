/**
 * The File System Access API where the browser has it (Chromium): pickers
 * that return handles, permission checks, and writing through a handle.
 * TypeScript's DOM library lacks the pickers and permissions, so their
 * shapes are declared here. Writes go through createWritable, which writes a
 * swap file and replaces the target only on close: never a half-saved file.
 */

interface PickerType {
  readonly description: string;
  readonly accept: Readonly<Record<string, readonly string[]>>;
}

interface PermissionHandle extends FileSystemFileHandle {
  queryPermission?(opts: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(opts: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}

interface PickerWindow {
  showOpenFilePicker?(opts: { types: readonly PickerType[]; multiple?: boolean; excludeAcceptAllOption?: boolean }): Promise<FileSystemFileHandle[]>;
  showSaveFilePicker?(opts: { types: readonly PickerType[]; suggestedName?: string }): Promise<FileSystemFileHandle>;
}

const TYPES: readonly PickerType[] = [{ description: 'Backprop Studio graph', accept: { 'application/json': ['.bpgraph', '.json'] } }];

function pickers(): PickerWindow {
  return window as unknown as PickerWindow;
}

export function hasOpenPicker(): boolean {
  return typeof pickers().showOpenFilePicker === 'function';
}

export function hasSavePicker(): boolean {
  return typeof pickers().showSaveFilePicker === 'function';
}

/** True for the rejection a picker gives when the user cancels. */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** A handle from the open picker; null when cancelled. */
export async function pickFileToOpen(): Promise<FileSystemFileHandle | null> {
  try {
    const [handle] = (await pickers().showOpenFilePicker?.({ types: TYPES, multiple: false })) ?? [];
    return handle ?? null;
  } catch (e) {
    if (isAbort(e)) return null;
    throw e;
  }
}

/** A handle from the save picker; null when cancelled. */
export async function pickFileToSave(suggestedName: string): Promise<FileSystemFileHandle | null> {
  try {
    return (await pickers().showSaveFilePicker?.({ types: TYPES, suggestedName })) ?? null;
  } catch (e) {
    if (isAbort(e)) return null;
    throw e;
  }
}

/** Asks for permission when the browser has not granted it yet (handles restored from IndexedDB start without). */
export async function ensurePermission(handle: FileSystemFileHandle, mode: 'read' | 'readwrite'): Promise<boolean> {
  const h = handle as PermissionHandle;
  if (!h.queryPermission || !h.requestPermission) return true;
  if ((await h.queryPermission({ mode })) === 'granted') return true;
  return (await h.requestPermission({ mode })) === 'granted';
}

/** Writes `text` through the handle; resolves to the file's new modification time. */
export async function writeThroughHandle(handle: FileSystemFileHandle, text: string): Promise<number> {
  if (!(await ensurePermission(handle, 'readwrite'))) throw new Error(`${handle.name}: permission to write was not granted`);
  const w = await handle.createWritable();
  try {
    await w.write(text);
    await w.close();
  } catch (e) {
    // Aborting drops the swap file, so the target keeps its old contents.
    await w.abort().catch(() => undefined);
    throw e;
  }
  return (await handle.getFile()).lastModified;
}

/** A handle's object when `value` is one (IndexedDB gives back `object`). */
export function asFileHandle(value: object | undefined): FileSystemFileHandle | undefined {
  return typeof FileSystemFileHandle !== 'undefined' && value instanceof FileSystemFileHandle ? value : undefined;
}
