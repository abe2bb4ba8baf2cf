/**
 * "See backprop happen": after Run every wire carries its value forward and
 * its gradient back (the consumer's partial, so fan-out shows each branch),
 * wires are as wide as their gradients on a log scale, the inspector shows
 * what flows along a selected edge and pictures a tensor, and a cycle in an
 * opened file is drawn above the cards, in red.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { editorSession, POLL, skipReason } from './browser.js';
import { dropFile, openBenchGraph, settled } from './editor-actions.js';

const exampleText = (name: string): Promise<string> => readFile(path.join(repoRoot, 'assets', 'examples', name), 'utf8');

/** The DOM members the page functions below use (these tests compile without the DOM library). */
interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}
interface El {
  getBoundingClientRect(): Box;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  readonly width: number;
  readonly height: number;
}
interface WirePath extends El {
  getTotalLength(): number;
  getPointAtLength(l: number): { matrixTransform(m: unknown): { x: number; y: number } };
  getScreenCTM(): unknown;
}
interface Globals {
  readonly document: { querySelector(s: string): El | null };
  getComputedStyle(el: El): { readonly strokeWidth: string };
}

async function run(page: Page): Promise<void> {
  await page.getByTestId('tb-run').click();
  await expect.poll(() => page.getByTestId('grad-legend').isVisible(), POLL).toBe(true);
}

async function open(page: Page, name: string, text: string): Promise<void> {
  await dropFile(page, { name, text });
  await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain(name);
  await settled(page);
}

const strokeWidth = (page: Page, edge: string) =>
  page.evaluate((id) => {
    const g = globalThis as unknown as Globals;
    const p = g.document.querySelector(`[data-testid="edge-${id}"] path.react-flow__edge-path`);
    return p ? Number.parseFloat(g.getComputedStyle(p).strokeWidth) : NaN;
  }, edge);

const box = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const r = (globalThis as unknown as Globals).document.querySelector(s)?.getBoundingClientRect();
    return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : null;
  }, selector);

/** How many pixels of a canvas are painted and not white. */
const inkedPixels = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const c = (globalThis as unknown as Globals).document.querySelector(`[data-testid="${id}"]`);
    const data = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return 0;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) n++;
    return n;
  }, testId);

/** Clicks wire `edge` at `fraction` of its length (wires of a fan-out share their start, and long ones pass behind cards). */
async function clickWire(page: Page, edge: string, fraction: number): Promise<void> {
  const at = await page.evaluate(
    ([id, f]) => {
      const p = (globalThis as unknown as Globals).document.querySelector(`[data-testid="edge-${id}"] path.react-flow__edge-path`) as WirePath | null;
      if (!p) throw new Error(`no wire ${id}`);
      // A DOMPoint does not survive serialisation: copy its coordinates.
      const pt = p.getPointAtLength(p.getTotalLength() * f).matrixTransform(p.getScreenCTM());
      return { x: pt.x, y: pt.y };
    },
    [edge, fraction] as const,
  );
  await page.mouse.click(at.x, at.y);
}

/**
 * Where wire labels collide, measured in the page: each label piece (a number, a shape, a thumbnail) against every
 * card, every other label group's pieces and every wire (its path sampled every 2 px); empty when none touch.
 */
async function labelCollisions(page: Page, groupsSelector = '[data-testid^="edge-labels-"]'): Promise<string[]> {
  return page.evaluate(`(() => {
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const cards = [...document.querySelectorAll('.react-flow__node')].map((n) => ({ id: n.dataset.id, r: n.getBoundingClientRect() }));
    const groups = [...document.querySelectorAll(${JSON.stringify(groupsSelector)})].map((g) => ({
      id: g.dataset.testid.slice('edge-labels-'.length),
      pieces: [...g.querySelectorAll('text, .wire-thumb, image')].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0),
    }));
    const wires = [...document.querySelectorAll('.react-flow__edge-path')].map((path) => {
      const id = path.closest('[data-testid^="edge-"]')?.dataset.testid.slice('edge-'.length);
      const m = path.getScreenCTM();
      const pts = [];
      const n = path.getTotalLength();
      for (let l = 0; l <= n; l += 2) {
        const p = path.getPointAtLength(l);
        pts.push({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
      }
      return { id, pts };
    });
    const out = [];
    for (const g of groups) {
      for (const r of g.pieces) {
        for (const c of cards) if (hit(r, c.r)) out.push(g.id + ' label on card ' + c.id);
        for (const h of groups) if (h !== g && h.pieces.some((q) => hit(r, q))) out.push(g.id + ' label on label of ' + h.id);
        for (const w of wires) if (w.pts.some((p) => p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom)) out.push(g.id + ' label on wire ' + w.id);
      }
    }
    return [...new Set(out)];
  })()`);
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe.skipIf(skipReason !== undefined)('seeing backprop happen on the edges', () => {
  const session = editorSession();

  it('shows values and gradients on the wires of f = (x + y) z, wires as wide as their gradients, and an edge in the inspector', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await run(page);
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toMatch(/^-12∇ 1$/);
    const expected: Record<string, [string, string]> = { 'x->q.a': ['-2', '-4'], 'y->q.b': ['5', '-4'], 'q->f.a': ['3', '-4'], 'z->f.b': ['-4', '3'] };
    expect(await labelCollisions(page)).toEqual([]);
    for (const [edge, [value, grad]] of Object.entries(expected)) {
      expect(await page.getByTestId(`edge-value-${edge}`).textContent()).toBe(value);
      expect(await page.getByTestId(`edge-grad-${edge}`).textContent()).toBe(grad);
      // The two labels sit on opposite sides of the wire, so they never meet.
      const v = await box(page, `[data-testid="edge-value-${edge}"]`);
      const g = await box(page, `[data-testid="edge-grad-${edge}"]`);
      expect(v && g && overlaps(v, g)).toBe(false);
    }
    // |−4| > |3|: the wire carrying −4 back is drawn wider.
    expect(await strokeWidth(page, 'x->q.a')).toBeGreaterThan(await strokeWidth(page, 'z->f.b'));
    expect(await page.getByTestId('grad-legend').textContent()).toContain('|∇|');
    await editor.shot('see-gradients-1-add-mul');

    await page.locator('[data-testid="edge-q->f.a"] .react-flow__edge-interaction').click({ force: true });
    await expect.poll(() => page.getByTestId('inspector-edge').isVisible(), POLL).toBe(true);
    expect(await page.getByTestId('inspector-edge-value').textContent()).toBe('3');
    expect(await page.getByTestId('inspector-edge-grad').textContent()).toBe('-4');
    await editor.shot('see-gradients-2-edge-inspector');
  });

  it('shows the partial gradient of each branch where a value fans out, and their sum on its card', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await open(page, 'gate-patterns.bpgraph', await exampleText('gate-patterns.bpgraph'));
    await run(page);
    expect(await labelCollisions(page)).toEqual([]);
    expect(await page.getByTestId('edge-grad-x->xy.a').textContent()).toBe('-8');
    expect(await page.getByTestId('edge-grad-x->f.b').textContent()).toBe('1');
    expect(await page.getByTestId('node-run-x').textContent()).toContain('∇ -7');
    expect(await page.getByTestId('node-fanout-x').textContent()).toBe('∇ = -8 + 1');
    // The max gate routes: no gradient flows back to the smaller input, and its wire is drawn as such.
    expect(await page.getByTestId('edge-grad-w->m.b').textContent()).toBe('0');
    expect(await page.getByTestId('edge-w->m.b').getAttribute('class')).toContain('wire-mag-zero');
    await clickWire(page, 'x->f.b', 0.97);
    await expect.poll(() => page.getByTestId('inspector-edge-grad').textContent(), POLL).toBe('1');
    await expect.poll(() => page.getByTestId('inspector-edge-fanout').textContent(), POLL).toContain('= -7');
    await editor.shot('see-gradients-3-fan-out');
  });

  it('pictures tensors on the wires and in the inspector: heatmap, table and images', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await open(page, 'xor-mlp.bpgraph', await exampleText('xor-mlp.bpgraph'));
    await run(page);
    await expect.poll(() => page.getByTestId('edge-thumb-value-W1->XW1.b').count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('edge-thumb-grad-W1->XW1.b').count(), POLL).toBe(1);
    // Where there is room the gradient's rms is written under its thumbnail; in a narrow gap it is the thumbnail's tooltip.
    expect(await page.getByTestId('edge-grad-X->XW1.a').textContent()).toMatch(/^rms /);
    expect(await page.getByTestId('edge-labels-W1->XW1.b').locator('title').allTextContents()).toContainEqual(expect.stringMatching(/rms /));
    // Every wire's labels found a spot clear of the cards, the wires and each other, and the page agrees.
    const labelled = page.locator('[data-testid^="edge-labels-"]');
    expect(await labelled.count()).toBe(11);
    expect(await page.locator('[data-testid^="edge-labels-"][data-clear="true"]').count()).toBe(11);
    expect(await labelCollisions(page)).toEqual([]);
    await editor.shot('see-gradients-4-xor-wires');
    // The training panel narrows the canvas and a wide graph may reach past its sides: select without aiming the mouse.
    await page.getByTestId('node-W1').locator('.gate-head').dispatchEvent('click');
    await expect.poll(() => page.getByTestId('tensor-value-heatmap').isVisible(), POLL).toBe(true);
    expect(await inkedPixels(page, 'tensor-value-heatmap')).toBeGreaterThan(0);
    expect(await inkedPixels(page, 'tensor-grad-heatmap')).toBeGreaterThan(0);
    expect(await page.getByTestId('tensor-value-stat-norm').textContent()).toMatch(/^norm/);
    await page.getByTestId('tensor-value-tab-table').click();
    await expect.poll(() => page.getByTestId('tensor-value-table').locator('td').count(), POLL).toBe(16);
    await editor.shot('see-gradients-5-xor-inspector');

    // A first layer's weights [196, 64] are 64 pictures of 14 × 14: what each hidden unit looks for.
    await open(page, 'digits-mlp.bpgraph', await exampleText('digits-mlp.bpgraph'));
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('grad-legend').isVisible(), { timeout: 60_000, interval: 200 }).toBe(true);
    // The training panel narrows the canvas and a wide graph may reach past its sides: select without aiming the mouse.
    await page.getByTestId('node-W1').locator('.gate-head').dispatchEvent('click');
    await expect.poll(() => page.getByTestId('tensor-value-image').isVisible(), POLL).toBe(true);
    expect(await inkedPixels(page, 'tensor-value-image')).toBeGreaterThan(1000);
    await page.getByTestId('tensor-value-image').scrollIntoViewIfNeeded();
    await editor.shot('see-gradients-6-digits-images');
  });

  it('lays out the labels of a big graph\'s wires in view once the view is still', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await openBenchGraph(page, 400);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('grad-legend').isVisible(), { ...POLL, timeout: 60_000 }).toBe(true);
    // Close in, where labels are drawn: the wires in view get their labels laid out once the view settles.
    const box = await page.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -250);
    await settled(page);
    const laid = '[data-testid^="edge-labels-"][data-clear]';
    await expect.poll(() => page.locator(laid).count(), POLL).toBeGreaterThan(5);
    const clear = '[data-testid^="edge-labels-"][data-clear="true"]';
    expect(await page.locator(clear).count()).toBeGreaterThan(5);
    await editor.shot('see-gradients-8-big-graph-labels');
    expect(await labelCollisions(page, clear)).toEqual([]);
  });

  it('draws the back edge of a cycle in an opened file above the cards, in red', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    const cyclic = {
      format: 'backprop-studio/graph',
      version: 1,
      meta: { name: 'a cycle' },
      nodes: [
        { id: 'x', op: 'input', attrs: { value: 1 }, ui: { x: 40, y: 40 } },
        { id: 'z', op: 'input', attrs: { value: 2 }, ui: { x: 40, y: 130 } },
        { id: 'q', op: 'add', ui: { x: 200, y: 40 } },
        { id: 'f', op: 'mul', ui: { x: 360, y: 40 } },
      ],
      edges: [
        { from: 'x', to: 'q', port: 'a' },
        { from: 'f', to: 'q', port: 'b' },
        { from: 'q', to: 'f', port: 'a' },
        { from: 'z', to: 'f', port: 'b' },
      ],
      output: 'f',
    };
    await open(page, 'cycle.bpgraph', JSON.stringify(cyclic, null, 2));
    await expect.poll(() => page.getByTestId('status-problems').textContent(), POLL).toContain('problem');
    const back = page.getByTestId('edge-f->q.b');
    await expect.poll(() => back.getAttribute('class'), POLL).toContain('wire-problem');
    expect(await back.getAttribute('class')).toContain('wire-routed');
    expect(await page.getByTestId('edge-q->f.a').getAttribute('class')).toContain('wire-problem');
    // Routed above both cards, not behind them.
    const wire = await box(page, '[data-testid="edge-f->q.b"] path.react-flow__edge-path');
    const q = await box(page, '[data-testid="node-q"]');
    const f = await box(page, '[data-testid="node-f"]');
    expect(wire && q && f && wire.top < Math.min(q.top, f.top)).toBe(true);
    await editor.shot('see-gradients-7-cycle');
  });
});
