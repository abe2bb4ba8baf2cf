import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError, checkWritable, firstInvalidUtf8, readTextFile, writeFileAtomic } from '../../core/cli/files.js';
import { tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('readTextFile', () => {
  it('reads UTF-8 text, multi-byte characters included', async () => {
    const file = tmp.file('utf8.txt', '{ "name": "café → ∑ 😀" }');
    expect(await readTextFile(file)).toBe('{ "name": "café → ∑ 😀" }');
  });

  it('names the path and the first bad byte of text that is not UTF-8', async () => {
    const file = tmp.file('bad.txt', Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22]));
    await expect(readTextFile(file)).rejects.toThrow(new FileError(`${file}: is not UTF-8 text (byte 0xc3 at offset 2); graph files are UTF-8 JSON`));
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x61, 0xff], 1],
    [[0xc0, 0x80], 0], // overlong encoding of NUL
    [[0xed, 0xa0, 0x80], 0], // a UTF-16 surrogate
    [[0x61, 0x62, 0xe2, 0x82], 2], // truncated at the end
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
  ])('%j → %i', (bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});

describe('writeFileAtomic', () => {
  it('replaces an existing file in one step, keeping its permissions and leaving no temporary', async () => {
    const file = tmp.file('target.bpgraph', 'old\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'new contents\n');
    expect(readFileSync(file, 'utf8')).toBe('new contents\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('target.bpgraph'))).toEqual(['target.bpgraph']);
  });

  it('creates a new file', async () => {
    const file = path.join(tmp.dir, 'fresh.bpgraph');
    await writeFileAtomic(file, 'x');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('refuses a missing folder, a folder as target, and a path through a file', async () => {
    const blocker = tmp.file('plain-file', 'x');
    await expect(checkWritable(path.join(tmp.dir, 'nope', 'a.bpgraph'))).rejects.toThrow(/directory .*nope does not exist$/);
    await expect(writeFileAtomic(tmp.dir, 'x')).rejects.toThrow(/it is a directory$/);
    await expect(writeFileAtomic(path.join(blocker, 'a.bpgraph'), 'x')).rejects.toThrow(/plain-file is not a directory$/);
  });
});
