/**
 * File input and output for the command line: reading a graph file with
 * one-line errors for every way it can go wrong, and writing atomically so
 * that a failure never leaves a half-written file behind.
 */
import { constants as fsConstants } from 'node:fs';
import { access, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { UsageError } from './args.js';

/** Largest graph file we read (stored weights included). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A file could not be read or written; the message is one line and names the path. Exit code 1. */
export class FileError extends UsageError {}

/** Reads a text file as UTF-8, refusing directories, huge files and bytes that are not UTF-8. */
export async function readTextFile(file: string): Promise<string> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new FileError(`${file}: is a directory, not a graph file`);
    if (!st.isFile()) throw new FileError(`${file}: is not a regular file`);
    size = st.size;
  } catch (e) {
    throw e instanceof FileError ? e : new FileError(`${file}: ${systemMessage(e)}`);
  }
  if (size > MAX_FILE_BYTES) throw new FileError(`${file}: file is too large (${mib(size)}; the limit is ${mib(MAX_FILE_BYTES)})`);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await readAll(file));
  } catch (e) {
    throw new FileError(`${file}: ${systemMessage(e)}`);
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    const byte = bytes[at] === undefined ? 'truncated sequence' : `byte 0x${bytes[at].toString(16).padStart(2, '0')}`;
    throw new FileError(`${file}: is not UTF-8 text (${byte} at offset ${at}); graph files are UTF-8 JSON`);
  }
  return bytes.toString('utf8');
}

async function readAll(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Byte offset of the first malformed UTF-8 sequence (only called when there is one). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

/**
 * Checks before a long job that `target` can be written: its folder exists and is
 * writable, and it is not itself a folder. Throws FileError with the reason.
 */
export async function checkWritable(target: string): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw new FileError(`cannot write ${target}: ${path.dirname(target)} is not a directory`);
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(`cannot write ${target}: directory ${path.dirname(target)} ${isCode(e, 'ENOENT') ? 'does not exist' : systemMessage(e)}`);
  }
  try {
    await access(dir, fsConstants.W_OK);
  } catch {
    throw new FileError(`cannot write ${target}: directory ${path.dirname(target)} is not writable`);
  }
  try {
    const st = await stat(target);
    if (st.isDirectory()) throw new FileError(`cannot write ${target}: it is a directory`);
    if (!st.isFile()) throw new FileError(`cannot write ${target}: it is not a regular file`);
  } catch (e) {
    if (e instanceof FileError) throw e;
    if (!isCode(e, 'ENOENT')) throw new FileError(`cannot write ${target}: ${systemMessage(e)}`);
  }
}

/**
 * Writes `text` to `target` atomically: into a new temporary file in the same
 * folder, flushed to disk, then renamed over the target. Readers see the old
 * file or the complete new one, never a part; on any failure the temporary is
 * removed and the target is untouched. An existing target keeps its permissions.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  await checkWritable(target);
  const dir = path.dirname(path.resolve(target));
  // Loaded here, not at the top: node:crypto costs every command ~10 ms of start-up, and only writes need it.
  const { randomBytes } = await import('node:crypto');
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    // A new file: the default mode, less the umask.
  }
  let created = false;
  try {
    const handle = await open(tmp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw new FileError(`cannot write ${target}: ${systemMessage(e)}`);
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable where the platform allows it (not on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the data is already safe; only the directory entry may lag.
  }
}

function isCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}

/** `no such file or directory` rather than `ENOENT: no such file or directory, open 'x'`. */
export function systemMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    switch (code) {
      case 'ENOENT':
        return 'no such file or directory';
      case 'EACCES':
      case 'EPERM':
        return 'permission denied';
      case 'EISDIR':
        return 'is a directory';
      case 'ENOTDIR':
        return 'a part of the path is not a directory';
      case 'ENOSPC':
        return 'no space left on the device';
      case 'EROFS':
        return 'read-only file system';
      default:
        break;
    }
  }
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}
