/**
 * The built command line (npm run build:cli): bin/bpstudio.mjs runs it only while no source is
 * newer, its V8 code cache is accepted by this Node, and it behaves as the sources do.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBundle, freshBuild, MANIFEST, OUT_DIR } from '../../bin/cli-bundle.mjs';
import type { Io } from '../../core/cli/command.js';
import { bpstudio, example, ROOT, tempDir } from './cli-helpers.js';

function run(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: ROOT, timeout: 60_000 }, (e) => (e ? reject(e) : resolve()));
  });
}

describe('which build bpstudio runs', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  function setUp(sourceTimes: Record<string, number | null>, builtAt: number): string {
    const manifest = path.join(tmp.dir, `manifest-${builtAt}.json`);
    for (const [rel, time] of Object.entries(sourceTimes)) {
      if (time === null) continue;
      const file = path.join(tmp.dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '');
      utimesSync(file, time / 1000, time / 1000);
    }
    writeFileSync(manifest, JSON.stringify({ bundle: 'b.cjs', cache: null, sources: Object.keys(sourceTimes), builtAt }));
    return manifest;
  }

  it('the build, while every source is older', () => {
    const m = setUp({ 'core/a.ts': 1_000_000, 'core/b/c.ts': 2_000_000 }, 3_000_000);
    expect(freshBuild(m, tmp.dir)?.bundle).toBe('b.cjs');
  });

  it('the sources, once one of them is newer', () => {
    const m = setUp({ 'core/a.ts': 1_000_000, 'core/b/c.ts': 5_000_000 }, 4_000_000);
    expect(freshBuild(m, tmp.dir)).toBeUndefined();
  });

  it('the build when sources are missing (a package without them)', () => {
    const m = setUp({ 'core/gone.ts': null }, 6_000_000);
    expect(freshBuild(m, tmp.dir)?.bundle).toBe('b.cjs');
  });

  it('the sources when there is no build', () => {
    expect(freshBuild(path.join(tmp.dir, 'no-manifest.json'), tmp.dir)).toBeUndefined();
  });
});

describe('npm run build:cli', () => {
  beforeAll(() => run(path.join(ROOT, 'bin', 'build-cli.mjs')), 60_000);

  it('makes a fresh build whose code cache this Node accepts', async () => {
    const manifest = freshBuild();
    expect(manifest).toBeDefined();
    if (!manifest?.cache) throw new Error(`no code cache in ${MANIFEST}`);
    const compiled = compileBundle(path.join(OUT_DIR, manifest.bundle), readFileSync(path.join(OUT_DIR, manifest.cache)));
    expect(compiled.script.cachedDataRejected).toBe(false);
    const { main } = compiled.run() as { main: (args: readonly string[], io: Io) => Promise<number> };
    const out: string[] = [];
    expect(await main(['validate', example('add-mul')], { out: (t) => void out.push(t), err: (t) => void out.push(t) })).toBe(0);
    expect(out).toEqual(['ok']);
  });

  it('prints what the sources print', async () => {
    for (const args of [['run', example('add-mul'), '--json'], ['validate', 'missing.bpgraph']]) {
      const built = await bpstudio(args);
      const sources = await bpstudioFromSources(args);
      expect(built).toEqual(sources);
    }
  }, 30_000);

  it('with --debug, stack traces name the TypeScript sources (source maps)', async () => {
    const r = await bpstudio(['run', 'missing.bpgraph', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/core[/\\]cli[/\\]files\.ts:\d+:\d+/);
  });
});

function bpstudioFromSources(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'bpstudio.mjs'), ...args], { cwd: ROOT, env: { ...process.env, BPSTUDIO_FROM_SOURCE: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}
