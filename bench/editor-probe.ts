/**
 * The editor benchmark's in-page half, installed with `addInitScript` as
 * plain JavaScript (the bench is compiled without DOM types). Every time it
 * reports is the page's own `performance.now()`, so the harness's round
 * trips are not counted except where they sit between two real steps a user
 * takes (the click after the nodes appear).
 */

/** What `window.__bench.rendered` resolves to. */
export interface RenderedReport {
  /** ms from the drop to the first frame after all nodes were drawn with their size, inside the fitted view. */
  readonly rendered: number;
  /** Where to click, in window pixels, and the node found there. */
  readonly x: number;
  readonly y: number;
  readonly id: string;
}

/** What `window.__bench.selected` resolves to. */
export interface SelectedReport {
  /** ms from the drop to the first frame after the clicked node showed as selected. */
  readonly interactive: number;
  /** ms from the click's mousedown reaching the page to that frame. */
  readonly clickToFrame: number;
  /** Long tasks (over 50 ms) from the drop to 2 s after the selection: [start ms after the drop, duration]. */
  readonly longTasks: readonly (readonly [number, number])[];
}

/** What `window.__bench.stopFrames` resolves to: rAF timestamps (ms) and the last zoom seen. */
export interface FramesReport {
  readonly times: readonly number[];
  readonly zooms: readonly number[];
}

export const PROBE_SCRIPT = String.raw`
(() => {
  const longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const viewport = () => document.querySelector('.react-flow__viewport');
  const zoomOf = () => { const m = /scale\(([\d.e-]+)\)/.exec(viewport()?.style.transform ?? ''); return m ? Number(m[1]) : NaN; };
  let t0 = 0;
  let selectedAt = null;
  let mouseDownAt = null;
  window.addEventListener('mousedown', () => { mouseDownAt ??= performance.now(); }, true);

  window.__bench = {
    drop(text, name) {
      const file = new File([text], name, { type: 'application/json' });
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.querySelector('[data-testid="canvas"]') ?? document.body;
      t0 = performance.now();
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },

    // All n nodes drawn and measured, no layout under way, and the view fitted to them and still.
    async rendered(n) {
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      let last = '';
      let still = 0;
      for (;;) {
        await frame();
        const t = viewport()?.style.transform ?? '';
        still = t === last ? still + 1 : 0;
        last = t;
        const nodes = document.querySelectorAll('.react-flow__node');
        if (performance.now() - t0 > 30000) throw new Error('the graph was not drawn in 30 s: ' + nodes.length + ' of ' + n + ' nodes on the canvas, view ' + last);
        if (still < 2 || document.querySelector('.canvas-overlay')) continue;
        if (nodes.length !== n) continue;
        let fits = true;
        for (const el of nodes) {
          if (el.style.visibility === 'hidden') { fits = false; break; }
          const r = el.getBoundingClientRect();
          if (r.left < pane.left - 1 || r.top < pane.top - 1 || r.right > pane.right + 1 || r.bottom > pane.bottom + 1) { fits = false; break; }
        }
        if (!fits) continue;
        const cx = (pane.left + pane.right) / 2;
        const cy = (pane.top + pane.bottom) / 2;
        let best = null;
        for (const el of nodes) {
          const r = el.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + Math.min(r.height / 2, 6);
          const d = (x - cx) ** 2 + (y - cy) ** 2;
          if (!best || d < best.d) best = { d, x, y, el };
        }
        const hit = document.elementFromPoint(best.x, best.y)?.closest('.react-flow__node');
        const el = hit ?? best.el;
        const id = el.getAttribute('data-id');
        selectedAt = null;
        mouseDownAt = null;
        const isSelected = () => document.querySelector('.react-flow__node[data-id="' + CSS.escape(id) + '"]')?.classList.contains('selected');
        (async () => {
          while (!isSelected()) await frame();
          await frame();
          selectedAt = performance.now();
        })();
        return { rendered: performance.now() - t0, x: best.x, y: best.y, id };
      }
    },

    async selected() {
      while (selectedAt === null) await frame();
      const end = selectedAt;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return {
        interactive: end - t0,
        clickToFrame: end - (mouseDownAt ?? end),
        longTasks: longTasks.filter(([s]) => s >= t0).map(([s, d]) => [s - t0, d]),
      };
    },

    // A point on the empty pane near (x, y), to start a pan there rather than dragging a node.
    panePoint(x, y) {
      for (let r = 0; r < 400; r += 6) {
        for (let a = 0; a < 16; a++) {
          const px = x + r * Math.cos((a * Math.PI) / 8);
          const py = y + r * Math.sin((a * Math.PI) / 8);
          if (document.elementFromPoint(px, py)?.classList.contains('react-flow__pane')) return { x: px, y: py };
        }
      }
      return null;
    },

    startFrames() {
      const times = [];
      const zooms = [];
      let on = true;
      const tick = (t) => { if (!on) return; times.push(t); zooms.push(zoomOf()); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.__benchStop = () => { on = false; return { times, zooms }; };
    },

    stopFrames() {
      return window.__benchStop();
    },
  };
})();
`;

/** The probe as the harness calls it from `page.evaluate`. */
export interface BenchApi {
  drop(text: string, name: string): void;
  rendered(nodes: number): Promise<RenderedReport>;
  selected(): Promise<SelectedReport>;
  panePoint(x: number, y: number): { x: number; y: number } | null;
  startFrames(): void;
  stopFrames(): FramesReport;
}

/**
 * The page's global object as page functions see it: `(globalThis as BenchWindow).__bench`.
 * Page functions are sent as source text, so they cannot call helpers from this module.
 */
export type BenchWindow = typeof globalThis & { readonly __bench: BenchApi };
