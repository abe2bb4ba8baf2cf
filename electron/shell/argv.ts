/**
 * Which documents a command line asks to open. Electron's argv has quirks:
 * argv[0] is the executable; when run unpackaged (`electron . file`,
 * `electron dist/electron/main.js file`) the next positional is the app path,
 * not a document; Chromium and Node switches (`--inspect=0`,
 * `--remote-debugging-port=0`, `--no-sandbox`, macOS's `-psn_0_123`) can sit
 * anywhere; Linux desktop launchers may pass `file://` URIs; relative paths are
 * relative to the launching process's working directory, which for a second
 * instance is not ours.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDocumentPath } from '../services/documents.js';

/** A command line to parse. */
export interface ArgvContext {
  readonly argv: readonly string[];
  /** The working directory the command line was typed in. */
  readonly cwd: string;
  /** `process.defaultApp`: true when Electron runs an unpackaged app, whose path is the first positional argument. */
  readonly defaultApp: boolean;
}

/** Absolute paths of the `.bpgraph` documents named on the command line, in order, without duplicates. */
export function documentsFromArgv({ argv, cwd, defaultApp }: ArgvContext): string[] {
  const positionals: string[] = [];
  let literal = false;
  for (const arg of argv.slice(1)) {
    if (!literal && arg === '--') {
      literal = true;
      continue;
    }
    if (!literal && arg.startsWith('-')) continue;
    positionals.push(arg);
  }
  const candidates = defaultApp ? positionals.slice(1) : positionals;
  const found: string[] = [];
  for (const candidate of candidates) {
    const resolved = resolveArgument(candidate, cwd);
    if (resolved !== null && isDocumentPath(resolved) && !found.includes(resolved)) found.push(resolved);
  }
  return found;
}

function resolveArgument(arg: string, cwd: string): string | null {
  if (arg.length === 0 || arg.includes('\0')) return null;
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  return path.resolve(cwd, arg);
}
