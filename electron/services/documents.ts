/**
 * Graph documents on disk: reading them with a version token, and saving them
 * atomically without silently overwriting a file that changed on disk since it
 * was opened. Plain Node; no Electron, so vitest runs it on real files.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, type OpenedFile, type SaveResult } from '../../core/host/bridge.js';
import { writeFileAtomic, type AtomicWriteHooks } from './atomic-write.js';
import { DocumentError, describeFsError, errorCode } from './fs-errors.js';

/** The extension of graph documents. */
export const DOCUMENT_EXTENSION = '.bpgraph';

/** True for a path whose name ends in `.bpgraph` (any case). */
export function isDocumentPath(filePath: string): boolean {
  return filePath.toLowerCase().endsWith(DOCUMENT_EXTENSION) && path.basename(filePath).length > DOCUMENT_EXTENSION.length;
}

/**
 * The version token of a file's contents: `v1:size:mtimeMs:sha256`. Only size
 * and hash decide a conflict (see `sameVersion`); the time is kept for people
 * reading logs.
 */
export function fileToken(bytes: Uint8Array, mtimeMs: number): string {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return `v1:${bytes.byteLength}:${Math.trunc(mtimeMs)}:${hash}`;
}

/**
 * Whether two tokens name the same contents. The modification time alone is
 * ignored: touching a file, or a sync tool rewriting identical bytes, is not
 * a change the user needs to be asked about.
 */
export function sameVersion(a: string, b: string): boolean {
  const [va, sizeA, , hashA] = a.split(':');
  const [vb, sizeB, , hashB] = b.split(':');
  return va === 'v1' && vb === 'v1' && sizeA === sizeB && hashA !== undefined && hashA === hashB;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a document; throws `DocumentError` with a one-line message naming the path. */
export async function readDocument(filePath: string): Promise<OpenedFile> {
  const full = path.resolve(filePath);
  let bytes: Uint8Array;
  let mtimeMs: number;
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new DocumentError(`Cannot open ${full}: it is a folder, not a file.`);
    if (info.size > MAX_DOCUMENT_BYTES) {
      throw new DocumentError(`Cannot open ${full}: it is ${megabytes(info.size)}, over the ${megabytes(MAX_DOCUMENT_BYTES)} limit.`);
    }
    bytes = await readFile(full);
    mtimeMs = info.mtimeMs;
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError(`Cannot open ${full}: ${describeFsError(error)}.`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DocumentError(`Cannot open ${full}: it is not UTF-8 text.`);
  }
  return { path: full, name: path.basename(full), text, token: fileToken(bytes, mtimeMs) };
}

/** The token of what is on disk now, or null when there is no file. */
export async function currentToken(filePath: string): Promise<string | null> {
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return null;
    return fileToken(await readFile(filePath), info.mtimeMs);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
    throw error;
  }
}

/** How a save treats what is already on disk. */
export interface SaveOptions {
  /** The token the document was opened or last saved with. */
  readonly token?: string | undefined;
  /** Overwrite whatever is on disk (the user confirmed, or chose the path in a save dialog). */
  readonly force?: boolean | undefined;
  readonly hooks?: AtomicWriteHooks;
}

/**
 * Saves `text` to `filePath` atomically. Without `force`, an existing file
 * whose contents differ from `token` (or any existing file when there is no
 * token) is a conflict and nothing is written. A file deleted since it was
 * opened is simply written again. Never throws for IO failures: they come back
 * as `{status:'error'}` with the path and the reason.
 */
export async function saveDocument(filePath: string, text: string, options: SaveOptions = {}): Promise<SaveResult> {
  const full = path.resolve(filePath);
  try {
    if (options.force !== true) {
      const onDisk = await currentToken(full);
      if (onDisk !== null && (options.token === undefined || !sameVersion(onDisk, options.token))) {
        const message = options.token === undefined
          ? `${full} already exists.`
          : `${full} was changed on disk since it was opened.`;
        return { status: 'conflict', path: full, message };
      }
    }
    const bytes = Buffer.from(text, 'utf8');
    await writeFileAtomic(full, bytes, options.hooks);
    const info = await stat(full);
    return { status: 'saved', path: full, name: path.basename(full), token: fileToken(bytes, info.mtimeMs) };
  } catch (error) {
    return { status: 'error', message: `Could not save ${full}: ${describeFsError(error)}.` };
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
