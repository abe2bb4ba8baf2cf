/**
 * `npm start`: builds the renderer and the Electron main/preload, then runs
 * Electron on them, passing on any arguments (e.g. a .bpgraph to open).
 * Without an Electron binary it says so in one line and exits 1, before
 * spending time on a build nobody can run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build.js';
import { findElectronBinary, missingBinaryMessage } from './electron-binary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const binary = findElectronBinary();
  if (!binary.ok) {
    console.error(missingBinaryMessage(binary.reason));
    return 1;
  }
  const viteConfig = path.join(repoRoot, 'renderer', 'vite.config.ts');
  if (!existsSync(viteConfig)) {
    console.error(`npm start: ${viteConfig} is missing, so there is no renderer to build.`);
    return 1;
  }
  const vite = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', viteConfig], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (vite.status !== 0) return vite.status ?? 1;
  await buildElectron();
  const child = spawn(binary.path, [path.join(repoRoot, 'dist', 'electron', 'main.js'), ...process.argv.slice(2)], {
    // npm runs scripts from the package folder; INIT_CWD is where the user typed `npm start -- file.bpgraph`.
    cwd: process.env['INIT_CWD'] ?? process.cwd(),
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 0 : 1)));
    child.on('error', (error) => {
      console.error(`npm start: could not run ${binary.path}: ${error.message}`);
      resolve(1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
