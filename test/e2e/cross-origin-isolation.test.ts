/**
 * The editor is cross-origin isolated as the end-to-end server serves it (main's own app://
 * handler: the desktop app's headers and CSP), so the CPU backend's WebAssembly threads can share
 * memory: the page and every worker it starts have SharedArrayBuffer; a worker started from a
 * blob: URL (how the thread pool starts its workers) runs under the CSP, compiles WebAssembly and
 * writes into memory it shares with its starter; and COEP refuses nothing the app loads (KaTeX's
 * fonts, the digits asset, the examples), through a run and some training.
 */
import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { openExample } from './editor-actions.js';

/** What a page or worker has of shared memory (script strings: this file is typechecked without the DOM's types). */
const ISOLATION = `(() => {
  let memory;
  try {
    memory = Object.prototype.toString.call(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer);
  } catch (e) {
    memory = String(e);
  }
  return { crossOriginIsolated: self.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer, memory };
})()`;

const SHARED = { crossOriginIsolated: true, sharedArrayBuffer: 'function', memory: '[object SharedArrayBuffer]' };

/**
 * Starts a worker from a blob: URL holding a self-contained script, as the CPU backend's thread
 * pool will, hands it a shared WebAssembly.Memory and reads back what the worker wrote there.
 */
const BLOB_WORKER = `new Promise((resolve) => {
  const source = \`onmessage = (e) => {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    Atomics.store(new Int32Array(e.data.buffer), 0, 42);
    postMessage(self.crossOriginIsolated);
  };\`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const done = (answer) => {
    URL.revokeObjectURL(url);
    resolve(answer);
  };
  setTimeout(() => done({ error: 'the blob: worker did not answer within 10 s' }), 10000);
  try {
    const worker = new Worker(url);
    worker.onmessage = (e) => {
      worker.terminate();
      done({ crossOriginIsolated: e.data, wrote: Atomics.load(new Int32Array(memory.buffer), 0) });
    };
    worker.onerror = (e) => done({ error: e.message || 'the blob: worker failed to start' });
    worker.postMessage(memory);
  } catch (e) {
    done({ error: String(e) });
  }
})`;

const TRAIN = { timeout: 120_000, interval: 200 } as const;

async function engineWorker(page: Page): Promise<Worker> {
  const find = (): Worker | undefined => page.workers().find((w) => w.url().includes('engine-worker'));
  await expect.poll(() => find() !== undefined, POLL).toBe(true);
  const worker = find();
  if (worker === undefined) throw new Error('no engine worker');
  return worker;
}

/** KaTeX's font faces by status, once the fonts the page asked for have loaded or failed. */
function katexFonts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(`document.fonts.ready.then((fonts) => {
    const counts = {};
    for (const face of fonts) if (face.family.startsWith('KaTeX')) counts[face.status] = (counts[face.status] ?? 0) + 1;
    return counts;
  })`);
}

describe.skipIf(skipReason !== undefined)('cross-origin isolation of the editor', () => {
  const session = editorSession();

  it('isolates the page and the engine worker, and lets blob: workers share their memory', async () => {
    const { page, consoleErrors } = await session.browserHost();
    expect(await page.evaluate(ISOLATION)).toEqual(SHARED);
    const engine = await engineWorker(page);
    for (const worker of page.workers()) expect(await worker.evaluate(ISOLATION), worker.url()).toEqual(SHARED);

    // From the page, and from the engine worker, where the CPU backend runs.
    const blob = { crossOriginIsolated: true, wrote: 42 };
    expect(await page.evaluate(BLOB_WORKER)).toEqual(blob);
    expect(await engine.evaluate(BLOB_WORKER)).toEqual(blob);
    // The plainest blob: worker: a classic script that only answers.
    expect(
      await page.evaluate(`new Promise((resolve) => {
        const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = () => resolve('error');
      })`),
    ).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('loads fonts, the digits asset and the examples under COEP: runs and trains with no console error', async () => {
    const { page, consoleErrors, shot } = await session.browserHost();
    // The inspector shows the selected op's formula in KaTeX, whose fonts are the app's own files.
    await page.getByTestId('node-f').click();
    await expect.poll(() => page.locator('.katex').count(), POLL).toBeGreaterThan(0);
    const fonts = await katexFonts(page);
    expect(fonts['loaded'], JSON.stringify(fonts)).toBeGreaterThan(0);
    expect(fonts['error'], JSON.stringify(fonts)).toBeUndefined();

    // The digits example reads data/digits.bin in the engine worker.
    await openExample(page, 'digits-mlp.bpgraph');
    await expect.poll(() => page.getByTestId('train-start').isEnabled(), POLL).toBe(true);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-loss').count(), TRAIN).toBe(1);
    await page.getByTestId('train-start').click();
    const steps = async (): Promise<number> => Number((await page.getByTestId('train-step-count').textContent())?.replace(/[^\d]/g, ''));
    await expect.poll(steps, TRAIN).toBeGreaterThan(50);
    await page.getByTestId('train-pause').click();
    await expect.poll(() => page.getByTestId('train-status').getAttribute('data-phase'), POLL).toBe('paused');
    await shot('cross-origin-isolated-digits');
    expect(consoleErrors).toEqual([]);
  });
});
