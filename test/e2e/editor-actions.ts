/**
 * What a person does in the editor, as Playwright gestures: drag a gate from
 * the palette to a point of the graph, drag a wire between two handles, drop
 * a file onto the window; and what they see: the graph on the canvas (nodes
 * with their positions, wires, the output) read back from the page.
 */
import type { Page } from 'playwright-core';
import { type BenchGraph, benchGraph } from '../../bench/editor-graph.js';
import { expect } from 'vitest';

/** How long `expect.poll` waits for the page to catch up (a shared 2-core CI machine can be slow). */
export const POLL = { timeout: 10_000, interval: 50 } as const;

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** The graph as the canvas shows it. */
export interface CanvasGraph {
  /** Node id → its position in graph coordinates (the document's `ui.x`/`ui.y`). */
  readonly nodes: Readonly<Record<string, XY>>;
  /** Edge ids `<from>-><to>.<port>`, sorted. */
  readonly edges: readonly string[];
  /** The node marked as the output, or null. */
  readonly output: string | null;
}

/** The few DOM members the page functions below use (these tests compile without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  readonly style: { readonly transform: string };
  getBoundingClientRect(): { readonly left: number; readonly top: number };
}
interface PageGlobals {
  readonly document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  readonly DataTransfer: new () => { readonly items: { add(file: unknown): unknown } };
  readonly File: new (parts: string[], name: string, options: { type: string }) => unknown;
  requestAnimationFrame(callback: () => void): number;
  readonly __bpstudioFilePaths?: { set(file: unknown, path: string): void };
}

/** Reads nodes, wires and the output off the canvas. */
export function readCanvas(page: Page): Promise<CanvasGraph> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const nodes: Record<string, { x: number; y: number }> = {};
    let output: string | null = null;
    for (const el of g.document.querySelectorAll('.react-flow__node')) {
      const id = el.getAttribute('data-id') ?? '?';
      const m = /translate\(\s*(-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(el.style.transform);
      nodes[id] = { x: Number(m?.[1]), y: Number(m?.[2]) };
      if (el.querySelector('.is-output') !== null) output = id;
    }
    const edges = [...g.document.querySelectorAll('.react-flow__edge')].map((el) => el.getAttribute('data-id') ?? '?').sort();
    return { nodes, edges, output };
  });
}

/**
 * Resolves once the canvas has kept the same pan and zoom for a few frames:
 * opening a document fits the view with a short animation, and a gesture
 * aimed at a moving canvas would land somewhere else.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals;
        let last = '';
        let same = 0;
        let frames = 0;
        const tick = (): void => {
          const now = g.document.querySelector('.react-flow__viewport')?.style.transform ?? '';
          same = now === last ? same + 1 : 0;
          last = now;
          if (same >= 3) resolve();
          else if (++frames > 600) reject(new Error(`the canvas was still moving after 600 frames (${now})`));
          else g.requestAnimationFrame(tick);
        };
        g.requestAnimationFrame(tick);
      }),
  );
}

/** The window point showing graph point `p` (inverse of React Flow's screenToFlowPosition), once the canvas is still. */
export async function screenPoint(page: Page, p: XY): Promise<XY> {
  await settled(page);
  return page.evaluate((point) => {
    const g = globalThis as unknown as PageGlobals;
    const pane = g.document.querySelector('.react-flow');
    const viewport = g.document.querySelector('.react-flow__viewport');
    if (pane === null || viewport === null) throw new Error('no React Flow canvas on the page');
    const m = /translate\(\s*(-?[\d.]+)px,\s*(-?[\d.]+)px\)\s*scale\(\s*([\d.]+)\)/.exec(viewport.style.transform);
    if (m === null) throw new Error(`unexpected viewport transform "${viewport.style.transform}"`);
    const [tx, ty, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const box = pane.getBoundingClientRect();
    return { x: box.left + tx + point.x * zoom, y: box.top + ty + point.y * zoom };
  }, p);
}

/** Drags `op` from the palette and drops it so that the new node's top-left corner lands on graph point `at`. */
export async function dropGate(page: Page, op: string, at: XY): Promise<void> {
  const target = await screenPoint(page, at);
  const canvas = page.getByTestId('canvas');
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('the canvas is not visible');
  const before = await page.locator('.react-flow__node').count();
  await page.getByTestId(`palette-item-${op}`).dragTo(canvas, { targetPosition: { x: target.x - box.x, y: target.y - box.y } });
  await expect.poll(() => page.locator('.react-flow__node').count(), POLL).toBe(before + 1);
}

/** Drags a wire from `from`'s output handle to input `port` of `to`, with the mouse. */
export async function dragWire(page: Page, from: string, to: string, port: string): Promise<void> {
  await settled(page);
  const source = await page.getByTestId(`port-${from}-out`).boundingBox();
  const target = await page.getByTestId(`port-${to}-${port}`).boundingBox();
  if (source === null || target === null) throw new Error(`handle of ${from} or ${to}.${port} is not visible`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Drags node `id` by its title bar, by `by` window pixels, in one gesture. */
export async function dragNode(page: Page, id: string, by: XY): Promise<void> {
  await settled(page);
  const head = await page.getByTestId(`node-${id}`).locator('.gate-head').boundingBox();
  if (head === null) throw new Error(`node ${id} is not visible`);
  const start = { x: head.x + head.width / 2, y: head.y + head.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + by.x, start.y + by.y, { steps: 10 });
  await page.mouse.up();
}

/**
 * Drops a file onto the window, as the OS does when one is dragged in from a
 * file manager: dragenter, dragover, then drop, each with a DataTransfer
 * holding the File. With `path`, the desktop bridge knows the file's path
 * (as Electron's webUtils.getPathForFile would).
 */
export async function dropFile(page: Page, file: { readonly name: string; readonly text: string; readonly path?: string }): Promise<void> {
  const point = await page.getByTestId('canvas').boundingBox();
  if (point === null) throw new Error('the canvas is not visible');
  const at = { x: point.x + point.width / 2, y: point.y + point.height / 2 };
  const dataTransfer = await page.evaluateHandle((f) => {
    const g = globalThis as unknown as PageGlobals;
    const dt = new g.DataTransfer();
    const made = new g.File([f.text], f.name, { type: 'application/json' });
    dt.items.add(made);
    if (f.path !== undefined) g.__bpstudioFilePaths?.set(made, f.path);
    return dt;
  }, file);
  const canvas = page.getByTestId('canvas');
  await canvas.dispatchEvent('dragenter', { dataTransfer, clientX: at.x, clientY: at.y });
  await expect.poll(() => page.getByTestId('drop-hint').isVisible(), POLL).toBe(true);
  await canvas.dispatchEvent('dragover', { dataTransfer, clientX: at.x, clientY: at.y });
  await canvas.dispatchEvent('drop', { dataTransfer, clientX: at.x, clientY: at.y });
  await dataTransfer.dispose();
}

/** Opens one of the bundled examples from the gallery; resolves once its title shows and the view is still. */
export async function openExample(page: Page, file: string): Promise<void> {
  await page.getByTestId('tb-examples').click();
  await page.getByTestId(`gallery-item-${file}`).click();
  await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain(file.replace('.bpgraph', ''));
  await settled(page);
}

/** Drops a generated graph of `nodes` cards (bench/editor-graph.ts, with positions) on the canvas; resolves once every card is drawn and the view is still. */
export async function openBenchGraph(page: Page, nodes: number): Promise<BenchGraph> {
  const graph = benchGraph(nodes, true);
  await dropFile(page, { name: 'big.bpgraph', text: graph.text });
  await expect.poll(() => page.locator('.react-flow__node').count(), { ...POLL, timeout: 30_000 }).toBe(graph.nodes);
  await settled(page);
  return graph;
}
