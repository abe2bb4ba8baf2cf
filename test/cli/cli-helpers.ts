/**
 * Runs the real `bpstudio` binary as a child process, and builds small graph
 * files in a temporary folder for it to read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'bpstudio.mjs');
export const EXAMPLES = path.join(ROOT, 'assets', 'examples');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bin/bpstudio.mjs ...args`, run in `cwd` (default: the repository root). */
export function bpstudio(args: readonly string[], cwd = ROOT, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000, ...(env && { env: { ...process.env, ...env } }) }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Path of an example graph. */
export function example(name: string): string {
  return path.join(EXAMPLES, `${name}.bpgraph`);
}

/** A fresh temporary folder; `cleanup` removes it. */
export function tempDir(): { dir: string; file(name: string, content: string | Uint8Array): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpstudio-cli-'));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The add-then-negate graph most error cases start from, as a plain object to modify. */
export function smallGraph(): { format: string; version: number; nodes: Record<string, unknown>[]; edges: Record<string, unknown>[]; output: string; [key: string]: unknown } {
  return {
    format: 'backprop-studio/graph',
    version: 1,
    nodes: [
      { id: 'x', op: 'input', attrs: { value: -2 } },
      { id: 'y', op: 'input', attrs: { value: 5 } },
      { id: 'q', op: 'add' },
    ],
    edges: [
      { from: 'x', to: 'q', port: 'a' },
      { from: 'y', to: 'q', port: 'b' },
    ],
    output: 'q',
  };
}

/** True when text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(text) || /node:internal|triggerUncaughtException/.test(text);
}
