import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempFileOf, writeFileAtomic } from '../../electron/services/atomic-write.js';
import { isDocumentPath, readDocument, saveDocument } from '../../electron/services/documents.js';
import { tempDir } from './harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = path.join(repoRoot, 'test', 'electron', 'fixtures', 'save-in-child.ts');

const ORIGINAL = '{\n  "format": "backprop-studio/graph",\n  "version": 1,\n  "nodes": [],\n  "edges": []\n}\n';
const EDITED = `${'{"format":"backprop-studio/graph","version":1,"nodes":[],"edges":[],"meta":{"name":"edited"}}'.repeat(2000)}\n`;

/** Runs the save in a child process; with `hang`, SIGKILLs it between write and rename. */
function runChild(target: string, textFile: string, mode: 'hang' | 'finish'): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null; temp?: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, target, textFile, mode], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let temp: string | undefined;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^READY (.+)$/m.exec(stdout);
      if (ready !== null && temp === undefined) {
        temp = ready[1];
        proc.kill('SIGKILL');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ stdout, signal, code, ...(temp === undefined ? {} : { temp }) });
    });
  });
}

describe('atomic save', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('survives a crash between write and rename: the original is intact and the leftover is not a document', async () => {
    const target = path.join(dir, 'graph.bpgraph');
    await writeFile(target, ORIGINAL);
    const textFile = path.join(dir, 'edited.txt');
    await writeFile(textFile, EDITED);

    const run = await runChild(target, textFile, 'hang');
    expect(run.signal).toBe('SIGKILL');
    expect(run.temp).toBeDefined();
    const temp = run.temp ?? '';

    // The original file is byte for byte what it was.
    expect(await readFile(target, 'utf8')).toBe(ORIGINAL);
    expect((await readDocument(target)).text).toBe(ORIGINAL);
    // The new bytes had been written and flushed to the temporary file before the crash...
    expect(await readFile(temp, 'utf8')).toBe(EDITED);
    // ...whose name marks it as ours and is never taken for a graph document.
    expect(isTempFileOf(target, temp)).toBe(true);
    expect(isDocumentPath(temp)).toBe(false);
    const documents = (await readdir(dir)).filter((name) => isDocumentPath(name));
    expect(documents).toEqual(['graph.bpgraph']);

    // A later save works despite the leftover.
    const again = await saveDocument(target, 'after', { force: true });
    expect(again.status).toBe('saved');
    expect(await readFile(target, 'utf8')).toBe('after');
  });

  it('replaces the file when the same child process is not killed', async () => {
    const target = path.join(dir, 'graph.bpgraph');
    await writeFile(target, ORIGINAL);
    const textFile = path.join(dir, 'edited.txt');
    await writeFile(textFile, EDITED);
    const run = await runChild(target, textFile, 'finish');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ status: 'saved', path: target });
    expect(await readFile(target, 'utf8')).toBe(EDITED);
    expect((await readdir(dir)).sort()).toEqual(['edited.txt', 'graph.bpgraph']);
  });

  it('leaves nothing behind when the rename fails', async () => {
    const target = path.join(dir, 'taken.bpgraph');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['taken.bpgraph']);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const target = path.join(dir, 'private.bpgraph');
    await writeFile(target, ORIGINAL);
    await chmod(target, 0o600);
    await writeFileAtomic(target, EDITED);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readFile(target, 'utf8')).toBe(EDITED);
  });

  it('creates a file that did not exist', async () => {
    const target = path.join(dir, 'new.bpgraph');
    await writeFileAtomic(target, 'fresh');
    expect(existsSync(target)).toBe(true);
    expect(await readdir(dir)).toEqual(['new.bpgraph']);
  });
});
