/**
 * Atomic file replacement: the new bytes go to a temporary file in the target's
 * own folder (a rename is only atomic within one file system), are flushed to
 * the disk, and only then renamed over the target. A crash at any point leaves
 * either the old file or the new one, never a mix; the folder is flushed too so
 * that the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './fs-errors.js';

/** Test seams: points between the steps where a test can stop or crash the process. */
export interface AtomicWriteHooks {
  /** Runs after the temporary file is written and flushed, just before it is renamed over the target. */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
}

/** Suffix of every temporary file; it never ends in `.bpgraph`, so a leftover is never taken for a document. */
export const TEMP_SUFFIX = '.tmp';

/**
 * A fresh temporary path next to `target`: hidden (leading dot), unique per
 * process and call, and ending in `.tmp`.
 */
export function tempPathFor(target: string): string {
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${unique}${TEMP_SUFFIX}`);
}

/** True for a name `tempPathFor` could have produced for `target`. */
export function isTempFileOf(target: string, candidate: string): boolean {
  const prefix = `.${path.basename(target)}.`;
  const name = path.basename(candidate);
  return path.dirname(candidate) === path.dirname(target) && name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
}

/**
 * Replaces `target` with `data` atomically. On failure nothing is left behind:
 * the temporary file is removed and the target is untouched. Keeps the
 * target's permission bits when it already exists.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, hooks: AtomicWriteHooks = {}): Promise<void> {
  const mode = await existingMode(target);
  const temp = tempPathFor(target);
  // 'wx' refuses to follow a symlink or reuse a file someone planted at the temporary name.
  const handle = await open(temp, 'wx', mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(temp);
    await renameWithRetry(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

async function existingMode(target: string): Promise<number | undefined> {
  try {
    const info = await stat(target);
    return info.isFile() ? info.mode & 0o777 : undefined;
  } catch {
    return undefined;
  }
}

// On Windows a virus scanner or indexer briefly holding the target makes the
// rename fail with EPERM/EBUSY; a few short retries ride that out.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES');
      if (!transient || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/**
 * Flushes a folder's entries (the rename) to disk, best effort: Windows cannot
 * open a folder for this and some file systems refuse it. By then the data is
 * flushed and the rename done, so a refusal must not turn a save into an error.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // See above: nothing left to protect.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
