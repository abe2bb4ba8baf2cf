/**
 * Builds the real app (the renderer's `vite build` with its own config, and
 * electron/scripts/build.ts) into a private folder, so that tests never race
 * other tests or a developer's `npm start` over dist/.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Output of a finished child process. */
export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to the end, collecting stdout and stderr together. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Builds the renderer into `<appDir>/dist/renderer` and main + preload into `<appDir>/dist/electron`. */
export async function buildApp(appDir: string): Promise<void> {
  const vite = await run(process.execPath, [
    path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    path.join(repoRoot, 'renderer', 'vite.config.ts'),
    '--outDir',
    path.join(appDir, 'dist', 'renderer'),
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  if (vite.code !== 0) throw new Error(`renderer build failed (${vite.code}):\n${vite.output}`);
  const electron = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'scripts', 'build.ts'), '--out-dir', path.join(appDir, 'dist', 'electron')]);
  if (electron.code !== 0) throw new Error(`electron build failed (${electron.code}):\n${electron.output}`);
}
