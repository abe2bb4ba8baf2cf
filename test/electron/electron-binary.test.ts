import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary, missingBinaryMessage } from '../../electron/scripts/electron-binary.js';
import { repoRoot, run } from './app-build.js';
import { tempDir } from './harness.js';

describe('finding the Electron binary', () => {
  let root: string;
  beforeEach(async () => {
    root = await tempDir();
    await mkdir(path.join(root, 'node_modules', 'electron'), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports a package installed without its binary (no network at install time)', () => {
    const found = findElectronBinary({}, root);
    expect(found).toEqual({ ok: false, reason: "Electron's binary is not installed (node_modules/electron/path.txt is missing)" });
  });

  it('finds the binary the npm package downloaded', async () => {
    await writeFile(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectronBinary({}, root).ok).toBe(false);
    await mkdir(path.join(root, 'node_modules', 'electron', 'dist'));
    await writeFile(path.join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectronBinary({}, root)).toEqual({ ok: true, path: path.join(root, 'node_modules', 'electron', 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dist = path.join(root, 'unpacked');
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, root)).toEqual({ ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path.join(dist, 'electron')} does not exist` });
    await mkdir(dist);
    await writeFile(path.join(dist, 'electron'), '#!/bin/sh\n');
    await chmod(path.join(dist, 'electron'), 0o755);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, root)).toEqual({ ok: true, path: path.join(dist, 'electron') });
  });

  it('npm start says in one line how to get Electron, mentions npm run web, and exits 1', async () => {
    const empty = path.join(root, 'no-electron-here');
    await mkdir(empty);
    const result = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'scripts', 'start.ts')], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    const lines = result.output.trim().split('\n');
    expect(lines).toEqual([missingBinaryMessage(`ELECTRON_OVERRIDE_DIST_PATH is set but ${path.join(empty, 'electron')} does not exist`)]);
    expect(lines[0]).toMatch(/npm install.*ELECTRON_OVERRIDE_DIST_PATH.*npm run web/);
  });
});
