/**
 * One-line, human-readable descriptions of file-system failures, so that every
 * message the user sees names the path and says what went wrong in words.
 */

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOENT: 'the file or its folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EBUSY: 'the file is in use by another program',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'a file with that name already exists',
  EIO: 'an input/output error occurred',
};

/** The error code of a Node file-system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** `reason (CODE)` for a Node file-system error, or its message for anything else. */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return `${REASONS[code] ?? 'the operation failed'} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'unknown error';
}

/** A failure the user caused or can fix (bad path, unreadable file); its message is one line that names the path. */
export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}
