/**
 * Where the Electron executable is, found the way the `electron` npm package
 * finds it (node_modules/electron/path.txt, or ELECTRON_OVERRIDE_DIST_PATH)
 * but without requiring that package: its index.js starts a download when the
 * binary is missing, and there is no network in our build and CI environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The executable, or why there is none (one line). */
export type ElectronBinary = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** Finds the Electron executable for this checkout. */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot): ElectronBinary {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const candidate = path.join(override, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(candidate)
      ? { ok: true, path: candidate }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (relative === undefined) return { ok: false, reason: "Electron's binary is not installed (node_modules/electron/path.txt is missing)" };
  const candidate = path.join(packageDir, 'dist', relative);
  return existsSync(candidate) ? { ok: true, path: candidate } : { ok: false, reason: `Electron's binary is not installed (${candidate} is missing)` };
}

/** The one line `npm start` prints when there is no binary. */
export function missingBinaryMessage(reason: string): string {
  return `${reason}: run \`npm install\` with network access (or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45), or use \`npm run web\` to open the same app in a browser.`;
}
