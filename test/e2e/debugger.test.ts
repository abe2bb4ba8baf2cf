/**
 * The debugger and the gradient check as a person uses them, in the browser
 * host: step (x + y) z forward and backward with the bar's buttons and F10 /
 * Shift+F10, read the mul gate's filled-in rule, stop at a breakpoint set on
 * a card (F5), and check gradients on the sigmoid neuron (all pass) and on
 * sqrt of 0 (fails: its gradient is infinite). Screenshots of each state are
 * kept under test-results/e2e/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { dropFile } from './editor-actions.js';

/** The node the bar says is current, and its phase. */
async function current(page: Page): Promise<string> {
  const label = page.getByTestId('debug-step-label');
  return `${await label.getAttribute('data-phase')}:${await label.getAttribute('data-node')}`;
}

/** Checks that exactly one card carries the debugger's highlight, and that it is `id`'s. */
async function expectHighlighted(page: Page, id: string): Promise<void> {
  expect(await page.locator('.gate.debug-current').count()).toBe(1);
  expect(await page.getByTestId(`node-${id}`).getAttribute('class')).toContain('debug-current');
}

const SQRT_OF_ZERO = JSON.stringify({
  format: 'backprop-studio/graph',
  version: 1,
  meta: { name: 'sqrt of 0' },
  nodes: [
    { id: 'x', op: 'input', attrs: { value: 0 }, ui: { x: 40, y: 40 } },
    { id: 'r', op: 'sqrt', ui: { x: 220, y: 40 } },
  ],
  edges: [{ from: 'x', to: 'r', port: 'x' }],
  output: 'r',
});

describe.skipIf(skipReason !== undefined)('debugger', () => {
  const session = editorSession();

  it('steps (x + y) z forward, then backward in reverse topological order, with the filled-in rules', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-debug').click();
    await expect.poll(() => current(page), POLL).toBe('forward:x');
    expect(await page.getByTestId('debug-step-label').textContent()).toBe('forward 1/5: x (input)');
    const visited: string[] = [await current(page)];
    for (let i = 0; i < 9; i++) {
      await page.getByTestId('debug-step').click();
      await expect.poll(() => current(page), POLL).not.toBe(visited.at(-1));
      visited.push(await current(page));
      await expectHighlighted(page, (await current(page)).split(':')[1]);
      if (visited.at(-1) === 'backward:f') {
        await editor.shot('debugger-1-backward-f');
        // mul swaps: a (from q) gets b · ȳ = -4 × 1.
        const rule = page.getByTestId('debug-rule-a');
        expect(await rule.getAttribute('data-rule')).toBe('ā = b · ȳ = -4 × 1 = -4');
        expect(await rule.locator('.katex').count()).toBe(1);
        expect(await page.getByTestId('debug-rule-b').getAttribute('data-rule')).toBe('b̄ = a · ȳ = 3 × 1 = 3');
        expect(await page.getByTestId('debug-upstream').getAttribute('data-value')).toBe('1');
        // Its two input wires are highlighted, with a pulse each.
        await expect.poll(() => page.locator('[data-testid^="debug-wire-"]').count(), POLL).toBe(2);
        expect(await page.locator('.gate.debug-receives').count()).toBe(2);
      }
    }
    expect(visited).toEqual(['forward:x', 'forward:y', 'forward:z', 'forward:q', 'forward:f', 'backward:f', 'backward:q', 'backward:z', 'backward:y', 'backward:x']);
    // The backward order is a reverse topological order: every node before the nodes that feed it.
    const back = visited.filter((v) => v.startsWith('backward:')).map((v) => v.slice('backward:'.length));
    for (const [from, to] of [['x', 'q'], ['y', 'q'], ['q', 'f'], ['z', 'f']]) expect(back.indexOf(to)).toBeLessThan(back.indexOf(from));
    expect(await page.getByTestId('debug-step').isDisabled()).toBe(true);
    await editor.shot('debugger-2-end');

    // F10 and Shift+F10 with the keyboard: back to q, then forward to z.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Shift+F10');
    await expect.poll(() => current(page), POLL).toBe('backward:q');
    expect(await page.getByTestId('debug-rule-a').getAttribute('data-rule')).toBe('ā = ȳ = -4 = -4');
    await page.keyboard.press('F10');
    await expect.poll(() => current(page), POLL).toBe('backward:z');
    await page.keyboard.press('Shift+F5');
    await expect.poll(() => page.getByTestId('debug-bar').count(), POLL).toBe(0);
    expect(await page.locator('.gate.debug-current').count()).toBe(0);
  });

  it('continues to a breakpoint set on a card, in both passes, then to the end', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('node-q').hover();
    await page.getByTestId('node-bp-q').click();
    await expect.poll(() => page.getByTestId('node-bp-q').getAttribute('aria-pressed'), POLL).toBe('true');
    // F9 sets one on the selected node too (and the inspector shows it).
    await page.getByTestId('node-z').locator('.gate-head').click();
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('inspector-breakpoint').getAttribute('aria-pressed'), POLL).toBe('true');
    await page.getByTestId('inspector-breakpoint').click();
    await expect.poll(() => page.getByTestId('node-bp-z').getAttribute('aria-pressed'), POLL).toBe('false');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 300 } });

    // F5 starts debugging and runs to the first breakpoint.
    await page.keyboard.press('F5');
    await expect.poll(() => current(page), POLL).toBe('forward:q');
    await editor.shot('debugger-3-breakpoint');
    await page.getByTestId('debug-continue').click();
    await expect.poll(() => current(page), POLL).toBe('backward:q');
    await page.keyboard.press('F5');
    await expect.poll(() => current(page), POLL).toBe('backward:x');
    await page.getByTestId('debug-restart').click();
    await expect.poll(() => current(page), POLL).toBe('forward:x');
    await page.getByTestId('debug-end').click();
    await expect.poll(() => current(page), POLL).toBe('backward:x');
    // Play from the end replays the backward pass and stops at the breakpoint on q.
    await page.getByTestId('debug-speed').selectOption('4');
    await page.getByTestId('debug-play').click();
    await expect.poll(() => current(page), POLL).toBe('backward:q');
    await expect.poll(() => page.getByTestId('debug-play').getAttribute('aria-pressed'), POLL).toBe('false');
  });

  it('checks gradients: the sigmoid neuron passes, sqrt of 0 fails', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-examples').click();
    await page.getByTestId('gallery-item-sigmoid-neuron.bpgraph').click();
    await expect.poll(() => page.getByTestId('node-w0x0').count(), POLL).toBe(1);
    await page.getByTestId('tb-gradcheck').click();
    const summary = page.getByTestId('gradcheck-summary');
    await expect.poll(() => summary.getAttribute('data-ok'), POLL).toBe('true');
    for (const id of ['w0', 'x0', 'w1', 'x1', 'w2']) expect(await page.getByTestId(`gradcheck-row-${id}`).getAttribute('data-pass')).toBe('true');
    await page.getByTestId('gradcheck-row-w1').click();
    await expect.poll(() => page.getByTestId('inspector-id').inputValue(), POLL).toBe('w1');
    await editor.shot('gradcheck-1-pass');

    await dropFile(page, { name: 'sqrt-of-zero.bpgraph', text: SQRT_OF_ZERO });
    await expect.poll(() => page.getByTestId('node-r').count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('gradcheck-stale').count(), POLL).toBe(1);
    await page.getByTestId('gradcheck-rerun').click();
    await expect.poll(() => summary.getAttribute('data-ok'), POLL).toBe('false');
    const row = page.getByTestId('gradcheck-row-x');
    expect(await row.getAttribute('data-pass')).toBe('false');
    expect(await page.getByTestId('gradcheck-badge-x').textContent()).toBe('fail');
    expect(await row.textContent()).toContain('analytic gradient is Infinity');
    await editor.shot('gradcheck-2-fail');
    await page.getByTestId('gradcheck-close').click();
    await expect.poll(() => page.getByTestId('gradcheck-panel').count(), POLL).toBe(0);
  });

  it('shows tensor rules with shapes and a summary, and pulses travel back along the wires', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-examples').click();
    await page.getByTestId('gallery-item-xor-mlp.bpgraph').click();
    await expect.poll(() => page.getByTestId('node-XW2').count(), POLL).toBe(1);
    await page.getByTestId('tb-debug').click();
    await expect.poll(() => current(page), POLL).toBe('forward:X');
    await page.getByTestId('debug-to-backward').click();
    await expect.poll(() => current(page), POLL).toBe('backward:loss');
    // Slow pulses, so the screenshot catches them on their way.
    await page.getByTestId('debug-speed').selectOption('0.5');
    while ((await current(page)) !== 'backward:scores') await page.getByTestId('debug-step').click();
    // add with a broadcast bias: the rule with shapes and the gradient's mean and largest magnitude.
    expect(await page.getByTestId('debug-rule-a').getAttribute('data-rule')).toMatch(/^ā = ȳ: \[4, 2\], mean .+, max \|·\| .+ \(ȳ \[4, 2\]\)$/);
    expect(await page.getByTestId('debug-rule-b').getAttribute('data-rule')).toMatch(/^b̄ = ȳ: \[2\], mean /);
    await page.waitForTimeout(500);
    await editor.shot('debugger-4-tensor-pulses');
    await page.getByTestId('debug-step').click();
    await expect.poll(() => current(page), POLL).toBe('backward:XW2');
    // matmul has no filled-in rule: its gradFormula, with the shapes.
    expect(await page.getByTestId('debug-rule-a').getAttribute('data-rule')).toMatch(/^ā by matmul's rule: \[4, 8\]/);
  });
});
