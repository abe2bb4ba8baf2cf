/**
 * CI check of electron-builder.yml, offline. This is NOT a release build:
 * Electron's binary cannot be downloaded here, so electron-builder packs a
 * `--linux dir` target around a stand-in Electron folder (one fake `electron`
 * script, all electron-builder copies and renames for a Linux dir target).
 * What it does exercise for real: the config's validation, the `files`
 * globs, extraMetadata, and app.asar packing of the real renderer and
 * main/preload builds. deb, AppImage, dmg and nsis need downloaded tools and
 * are only checked as configuration.
 */
import { chmod, copyFile, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import * as asar from '@electron/asar';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp, repoRoot, run } from './app-build.js';
import { tempDir } from './harness.js';

// js-yaml comes with electron-builder and has no types here; only its `load` is used.
const require = createRequire(import.meta.url);
const yamlModule: unknown = require('js-yaml');
function loadYaml(text: string): unknown {
  if (typeof yamlModule !== 'object' || yamlModule === null || !('load' in yamlModule) || typeof yamlModule.load !== 'function') throw new Error('js-yaml has no load()');
  const value: unknown = yamlModule.load(text);
  return value;
}

const listPackage = (archive: string): string[] => asar.listPackage(archive, { isPack: false });
const extractText = (archive: string, file: string): string => asar.extractFile(archive, file).toString('utf8');

const configSchema = z.object({
  appId: z.string(),
  productName: z.string(),
  electronVersion: z.string(),
  executableName: z.string(),
  files: z.array(z.string()),
  fileAssociations: z.array(z.object({ ext: z.string(), mimeType: z.string() }).passthrough()),
  linux: z.object({ target: z.array(z.string()), icon: z.string() }).passthrough(),
  mac: z.object({ target: z.array(z.string()), icon: z.string() }).passthrough(),
  win: z.object({ target: z.array(z.string()), icon: z.string() }).passthrough(),
}).passthrough();

describe('electron-builder configuration (offline --linux dir build, not a release)', () => {
  let work: string;
  let app: string;
  let out: string;
  let archive: string;
  let builderOutput = '';
  let builderCode: number | null = null;

  beforeAll(async () => {
    work = await tempDir('bpstudio-builder-');
    app = path.join(work, 'app');
    out = path.join(work, 'out');
    await mkdir(path.join(app, 'assets'), { recursive: true });
    await copyFile(path.join(repoRoot, 'package.json'), path.join(app, 'package.json'));
    await copyFile(path.join(repoRoot, 'assets', 'icon.png'), path.join(app, 'assets', 'icon.png'));
    // electron-builder reads the dependency tree (then the files globs keep node_modules out of the archive).
    await symlink(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'), 'junction');
    // Something the files globs must leave out.
    await mkdir(path.join(app, 'dist', 'electron'), { recursive: true });
    await writeFile(path.join(app, 'dist', 'electron', 'main.js.map'), '{}');
    await buildApp(app);

    // The stand-in Electron: electron-builder copies this folder and renames `electron` to the executable name.
    const electronDist = path.join(work, 'electron-dist');
    await mkdir(path.join(electronDist, 'resources'), { recursive: true });
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron for the builder config test" >&2\nexit 1\n');
    await chmod(path.join(electronDist, 'electron'), 0o755);

    const result = await run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        'dir',
        '--x64',
        '--projectDir',
        app,
        '--config',
        path.join(repoRoot, 'electron-builder.yml'),
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${out}`,
        '--publish',
        'never',
      ],
      {
        cwd: work,
        env: {
          ...process.env,
          ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
          CSC_IDENTITY_AUTO_DISCOVERY: 'false',
          ELECTRON_BUILDER_CACHE: path.join(work, 'cache'),
          // Any download attempt fails fast instead of quietly needing the network.
          HTTPS_PROXY: 'http://127.0.0.1:9',
          HTTP_PROXY: 'http://127.0.0.1:9',
        },
        timeoutMs: 60_000,
      },
    );
    builderCode = result.code;
    builderOutput = result.output;
    archive = path.join(out, 'linux-unpacked', 'resources', 'app.asar');
  }, 150_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('packs without errors and names the executable', async () => {
    expect(builderCode, builderOutput).toBe(0);
    expect((await stat(path.join(out, 'linux-unpacked', 'backprop-studio'))).isFile()).toBe(true);
  });

  it('puts the built renderer, main and preload and nothing else into app.asar', async () => {
    const files = listPackage(archive);
    for (const wanted of ['/package.json', '/dist/renderer/index.html', '/dist/electron/main.js', '/dist/electron/preload.cjs', '/assets/icon.png']) {
      expect(files, wanted).toContain(wanted);
    }
    expect(files.filter((it) => it.startsWith('/node_modules'))).toEqual([]);
    expect(files.filter((it) => it.endsWith('.map') || it.endsWith('.ts'))).toEqual([]);
    expect(files.filter((it) => /^\/(core|electron|renderer|test|bin|bench)(\/|$)/.test(it))).toEqual([]);
    const packaged = z.object({ main: z.string(), type: z.string() }).passthrough().parse(JSON.parse(extractText(archive, 'package.json')));
    expect(packaged.main).toBe('dist/electron/main.js');
    expect(packaged.type).toBe('module');
  });

  it('ships a page whose scripts and styles are all in the archive', () => {
    const files = new Set(listPackage(archive));
    const html = extractText(archive, 'dist/renderer/index.html');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '').filter((ref) => !/^(?:[a-z]+:|#|data:)/i.test(ref));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const inArchive = path.posix.join('/dist/renderer', ref.replace(/^\.\//, '').replace(/^\//, '').split('?')[0] ?? '');
      expect(files, ref).toContain(inArchive);
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
  });

  it('bundles main and preload so they import only Electron and Node built-ins', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((it) => `node:${it}`)]);
    const main = extractText(archive, 'dist/electron/main.js');
    const imports = [...main.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
    expect(imports).toContain('electron');
    expect(imports.filter((it) => it !== 'electron' && !builtins.has(it))).toEqual([]);
    const preload = extractText(archive, 'dist/electron/preload.cjs');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(?:import|export)\s/m);
  });

  it('declares the installers, the icons and the .bpgraph association', async () => {
    const config = configSchema.parse(loadYaml(await readFile(path.join(repoRoot, 'electron-builder.yml'), 'utf8')));
    const installedElectron = z.object({ version: z.string() }).passthrough().parse(JSON.parse(await readFile(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')));
    expect(config.appId).toBe('org.backpropstudio.app');
    expect(config.productName).toBe('Backprop Studio');
    expect(config.electronVersion).toBe(installedElectron.version);
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) expect((await stat(path.join(repoRoot, icon))).isFile()).toBe(true);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'bpgraph', mimeType: 'application/x-backprop-studio-graph' })]);
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**']));
  });
});
