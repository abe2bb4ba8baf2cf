import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileToken, isDocumentPath, readDocument, saveDocument, sameVersion } from '../../electron/services/documents.js';
import { tempDir } from './harness.js';

/**
 * A folder this process cannot write to. chmod does not stop root, so as root
 * the kernel's own read-only /sys/kernel stands in (writes there fail with EACCES).
 */
async function readOnlyFolder(dir: string): Promise<string> {
  if (process.getuid?.() === 0) return '/sys/kernel';
  const folder = path.join(dir, 'locked');
  await mkdir(folder);
  await chmod(folder, 0o555);
  return folder;
}

describe('documents on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await chmod(path.join(dir, 'locked'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a document with its name and a version token', async () => {
    const file = path.join(dir, 'add-mul.bpgraph');
    await writeFile(file, '{"x": "é"}');
    const opened = await readDocument(file);
    expect(opened).toMatchObject({ path: file, name: 'add-mul.bpgraph', text: '{"x": "é"}' });
    expect(opened.token).toMatch(/^v1:\d+:\d+:[0-9a-f]{64}$/);
  });

  it('names the path and the reason when a file cannot be read', async () => {
    await expect(readDocument(path.join(dir, 'missing.bpgraph'))).rejects.toThrow(`Cannot open ${path.join(dir, 'missing.bpgraph')}: the file or its folder does not exist (ENOENT).`);
    await expect(readDocument(dir)).rejects.toThrow(/it is a folder/);
    const binary = path.join(dir, 'binary.bpgraph');
    await writeFile(binary, Buffer.from([0xff, 0xfe, 0x00, 0xc3]));
    await expect(readDocument(binary)).rejects.toThrow(`Cannot open ${binary}: it is not UTF-8 text.`);
  });

  it('tokens compare contents, not modification times', () => {
    const bytes = Buffer.from('abc');
    expect(sameVersion(fileToken(bytes, 1), fileToken(bytes, 2))).toBe(true);
    expect(sameVersion(fileToken(bytes, 1), fileToken(Buffer.from('abd'), 1))).toBe(false);
    expect(sameVersion(fileToken(bytes, 1), 'garbage')).toBe(false);
  });

  it('saves over the version it opened, and the new token allows the next save', async () => {
    const file = path.join(dir, 'g.bpgraph');
    await writeFile(file, 'one');
    const opened = await readDocument(file);
    const first = await saveDocument(file, 'two', { token: opened.token });
    expect(first).toMatchObject({ status: 'saved', path: file, name: 'g.bpgraph' });
    if (first.status !== 'saved') throw new Error('unreachable');
    const second = await saveDocument(file, 'three', { token: first.token });
    expect(second.status).toBe('saved');
    expect(await readFile(file, 'utf8')).toBe('three');
  });

  it('refuses to overwrite a file changed on disk since it was opened, until forced', async () => {
    const file = path.join(dir, 'g.bpgraph');
    await writeFile(file, 'mine');
    const opened = await readDocument(file);
    await writeFile(file, 'someone else');
    const result = await saveDocument(file, 'my edit', { token: opened.token });
    expect(result).toEqual({ status: 'conflict', path: file, message: `${file} was changed on disk since it was opened.` });
    expect(await readFile(file, 'utf8')).toBe('someone else');
    const forced = await saveDocument(file, 'my edit', { token: opened.token, force: true });
    expect(forced.status).toBe('saved');
    expect(await readFile(file, 'utf8')).toBe('my edit');
  });

  it('does not call a touched but unchanged file a conflict', async () => {
    const file = path.join(dir, 'g.bpgraph');
    await writeFile(file, 'same');
    const opened = await readDocument(file);
    await utimes(file, new Date(), new Date(Date.now() + 60_000));
    expect((await saveDocument(file, 'next', { token: opened.token })).status).toBe('saved');
  });

  it('treats an existing file without a token as a conflict, and writes a new one', async () => {
    const existing = path.join(dir, 'there.bpgraph');
    await writeFile(existing, 'keep');
    expect(await saveDocument(existing, 'x')).toEqual({ status: 'conflict', path: existing, message: `${existing} already exists.` });
    expect(await readFile(existing, 'utf8')).toBe('keep');
    const fresh = path.join(dir, 'fresh.bpgraph');
    expect((await saveDocument(fresh, 'new')).status).toBe('saved');
  });

  it('writes again a file deleted since it was opened', async () => {
    const file = path.join(dir, 'g.bpgraph');
    await writeFile(file, 'v1');
    const opened = await readDocument(file);
    await rm(file);
    expect((await saveDocument(file, 'v2', { token: opened.token })).status).toBe('saved');
    expect(await readFile(file, 'utf8')).toBe('v2');
  });

  it('reports a vanished folder with the path and the reason, writing nothing', async () => {
    const folder = path.join(dir, 'gone');
    const file = path.join(folder, 'g.bpgraph');
    const result = await saveDocument(file, 'text', { force: true });
    expect(result).toEqual({ status: 'error', message: `Could not save ${file}: the file or its folder does not exist (ENOENT).` });
    expect(existsSync(folder)).toBe(false);
  });

  it('reports a read-only folder with the path and the reason, writing nothing', async () => {
    const folder = await readOnlyFolder(dir);
    const before = await readdir(folder);
    const file = path.join(folder, 'g.bpgraph');
    const result = await saveDocument(file, 'text', { force: true });
    expect(result).toEqual({ status: 'error', message: `Could not save ${file}: permission denied (EACCES).` });
    expect(await readdir(folder)).toEqual(before);
  });

  it('knows which paths are documents', () => {
    expect(isDocumentPath('/a/b.bpgraph')).toBe(true);
    expect(isDocumentPath('/a/B.BPGRAPH')).toBe(true);
    expect(isDocumentPath('/a/.bpgraph')).toBe(false);
    expect(isDocumentPath('/a/.b.bpgraph.123-abc.tmp')).toBe(false);
    expect(isDocumentPath('/a/b.json')).toBe(false);
  });
});
