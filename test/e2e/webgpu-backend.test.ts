/**
 * The compute backend in the editor, end to end in Chromium (headless, `--enable-unsafe-webgpu`:
 * its only adapter is SwiftShader, a software emulation). The status bar says what runs and why:
 * Auto leaves a software adapter alone and computes on the CPU; choosing WebGPU runs the engine
 * worker's kernels on the adapter, and Run and training give what the CPU gives.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';

const TRAIN = { timeout: 240_000, interval: 200 } as const;

const reason = (page: Page) => page.getByTestId('backend-reason').textContent();
const active = (page: Page) => page.getByTestId('status-backend').getAttribute('data-active');

async function choose(page: Page, choice: 'auto' | 'webgpu' | 'cpu'): Promise<void> {
  await page.getByTestId('backend-select').selectOption(choice);
  await expect.poll(() => page.getByTestId('backend-select').inputValue(), POLL).toBe(choice);
}

describe.skipIf(skipReason !== undefined)('the compute backend in the editor', () => {
  const session = editorSession();

  it('says what computes and why, and runs f = (x + y) z on WebGPU with the CPU\'s numbers', async () => {
    const { page, shot } = await session.browserHost();
    // Auto: the only adapter is a software one, so the CPU computes, and the status bar says why.
    await expect.poll(() => active(page), POLL).toBe('cpu');
    expect(await reason(page)).toMatch(/^CPU: .*software/i);

    await choose(page, 'webgpu');
    await expect.poll(() => active(page), POLL).toBe('webgpu');
    expect(await reason(page)).toMatch(/^WebGPU: .*swiftshader/i);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toBe('-12∇ 1');
    expect(await page.getByTestId('edge-grad-x->q.a').textContent()).toBe('-4');
    expect(await page.getByTestId('edge-grad-z->f.b').textContent()).toBe('3');
    await shot('webgpu-1-add-mul');

    // The choice is remembered across a reload.
    await page.reload();
    await expect.poll(() => active(page), POLL).toBe('webgpu');
    await choose(page, 'cpu');
    await expect.poll(() => reason(page), POLL).toBe('CPU: chosen');
  });

  it('trains XOR to 100% on WebGPU', async () => {
    const { page, shot } = await session.browserHost();
    await choose(page, 'webgpu');
    await expect.poll(() => active(page), POLL).toBe('webgpu');
    await page.getByTestId('tb-examples').click();
    await page.getByTestId('gallery-item-xor-mlp.bpgraph').click();
    await expect.poll(() => page.getByTestId('train-start').isEnabled(), POLL).toBe(true);
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.getByTestId('train-status').getAttribute('data-phase'), TRAIN).toBe('done');
    await expect.poll(() => page.getByTestId('train-accuracy').textContent(), POLL).toBe('acc 100.0%');
    await shot('webgpu-2-xor-trained');
  });
});
