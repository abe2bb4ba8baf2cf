import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentFiles } from '../../electron/services/recent-files.js';
import { tempDir } from './harness.js';

describe('recent files', () => {
  let dir: string;
  let store: string;
  let clock: number;
  const doc = (name: string): string => path.join(dir, name);
  const make = async (...names: string[]): Promise<void> => {
    for (const name of names) await writeFile(doc(name), '{}');
  };
  const recent = (options: ConstructorParameters<typeof RecentFiles>[1] = {}): RecentFiles =>
    new RecentFiles(store, { now: () => clock++, platform: 'linux', ...options });

  beforeEach(async () => {
    dir = await tempDir();
    store = path.join(dir, 'user-data', 'recent-files.json');
    clock = 1;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the newest first, without duplicates, capped', async () => {
    await make('a.bpgraph', 'b.bpgraph', 'c.bpgraph', 'd.bpgraph');
    const list = recent({ limit: 3 });
    await list.add(doc('a.bpgraph'));
    await list.add(doc('b.bpgraph'));
    await list.add(doc('a.bpgraph'));
    await list.add(doc('c.bpgraph'));
    const entries = await list.add(doc('d.bpgraph'));
    expect(entries.map((it) => it.name)).toEqual(['d.bpgraph', 'c.bpgraph', 'a.bpgraph']);
    expect(entries[0]).toEqual({ path: doc('d.bpgraph'), name: 'd.bpgraph', openedAt: 5 });
    // Stored as JSON in user data, and read back by a new instance (the next start).
    expect(JSON.parse(await readFile(store, 'utf8'))).toMatchObject({ format: 'backprop-studio/recent', version: 1 });
    expect((await recent({ limit: 3 }).list()).map((it) => it.name)).toEqual(['d.bpgraph', 'c.bpgraph', 'a.bpgraph']);
  });

  it('prunes files that no longer exist, and stores the pruned list', async () => {
    await make('a.bpgraph', 'b.bpgraph');
    const list = recent();
    await list.add(doc('a.bpgraph'));
    await list.add(doc('b.bpgraph'));
    await rm(doc('a.bpgraph'));
    expect((await list.list()).map((it) => it.name)).toEqual(['b.bpgraph']);
    const stored = JSON.parse(await readFile(store, 'utf8')) as { entries: Array<{ name: string }> };
    expect(stored.entries.map((it) => it.name)).toEqual(['b.bpgraph']);
  });

  it('treats paths differing only in case as one file on Windows and macOS', async () => {
    await make('Graph.bpgraph');
    const list = recent({ platform: 'win32' });
    await list.add(doc('Graph.bpgraph'));
    const entries = await list.add(doc('GRAPH.bpgraph'));
    expect(entries.length).toBe(1);
  });

  it('starts empty from a missing or damaged file, and survives it', async () => {
    expect(await recent().list()).toEqual([]);
    await make('a.bpgraph');
    await recent().add(doc('a.bpgraph'));
    await writeFile(store, '{ not json');
    expect(await recent().list()).toEqual([]);
    await writeFile(store, JSON.stringify({ format: 'backprop-studio/recent', version: 1, entries: [{ path: 'relative.bpgraph', name: 'x', openedAt: 1 }, 42] }));
    expect(await recent().list()).toEqual([]);
  });

  it('loses no entry when adds race', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'].map((it) => `${it}.bpgraph`);
    await make(...names);
    const list = recent();
    await Promise.all(names.map((name) => list.add(doc(name))));
    expect((await list.list()).map((it) => it.name).sort()).toEqual(names);
  });

  it('removes one entry and clears all', async () => {
    await make('a.bpgraph', 'b.bpgraph');
    const list = recent();
    await list.add(doc('a.bpgraph'));
    await list.add(doc('b.bpgraph'));
    expect((await list.remove(doc('a.bpgraph'))).map((it) => it.name)).toEqual(['b.bpgraph']);
    expect(await list.clear()).toEqual([]);
    expect(await list.list()).toEqual([]);
  });
});
