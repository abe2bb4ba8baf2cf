/**
 * The editor benchmark's peer for pan and zoom: the same graph's cards (same
 * places, same sizes, an op chip, a label and a line per port) as plain
 * static HTML, with no React, no React Flow and no wires, moved by a CSS
 * transform written at each input event, marked `will-change: transform`
 * while it moves. It is about the least a browser can do to show a thousand
 * cards moving, so "ours / peer" says how much of this machine's headless
 * Chromium the editor leaves unused, in the same run, whatever the machine.
 *
 * It uses React Flow's class names for the pane and the viewport, so that the
 * benchmark's probe and input (editor-probe.ts, editor-input.ts) drive it
 * unchanged, and d3-zoom's wheel step, so that the same input moves it as far.
 */
import type { GraphNode } from '../core/graph/types.js';
import { getOp } from '../core/ops/registry.js';
import { estimateCardSize } from '../renderer/model/op-catalog.js';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function peerPage(graphText: string): string {
  const doc = JSON.parse(graphText) as { nodes: (GraphNode & { ui?: { x: number; y: number } })[] };
  const cards = doc.nodes.map((n) => {
    const op = getOp(n.op);
    const size = estimateCardSize(op, n);
    const at = n.ui ?? { x: 0, y: 0 };
    const ports = (op?.inputs ?? []).map((p) => `<div class="port">${escape(p.name)}</div>`).join('');
    return `<div class="card" style="transform:translate(${at.x}px,${at.y}px);width:${size.width}px;height:${size.height}px"><div class="head"><span class="chip">${escape(op?.label ?? n.op)}</span>${escape(n.id)}</div>${ports}</div>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>peer</title><style>
html, body { margin: 0; height: 100%; overflow: hidden; font: 12px system-ui, sans-serif; background: #f4f5f7; }
.react-flow { position: absolute; left: 212px; top: 48px; right: 316px; bottom: 28px; overflow: hidden; }
.react-flow__pane { position: absolute; inset: 0; }
.react-flow__viewport { position: absolute; left: 0; top: 0; transform-origin: 0 0; pointer-events: none; }
.moving .react-flow__viewport { will-change: transform; }
.card { position: absolute; left: 0; top: 0; box-sizing: border-box; background: #fff; border: 1px solid #d0d5dd; border-radius: 7px; }
.head { height: 24px; display: flex; align-items: center; gap: 5px; border-bottom: 1px solid #eef0f3; }
.chip { margin-left: 5px; padding: 0 4px; border-radius: 4px; background: #4f46e5; color: #fff; font-weight: 650; }
.port { height: 20px; padding-left: 10px; line-height: 20px; }
</style></head><body><div class="react-flow"><div class="react-flow__pane"></div><div class="react-flow__viewport">${cards.join('')}</div></div>
<script>
(() => {
  const flow = document.querySelector('.react-flow');
  const viewport = document.querySelector('.react-flow__viewport');
  const cards = [...viewport.children];
  let v = { x: 0, y: 0, zoom: 1 };
  let still = 0;
  const show = () => {
    viewport.style.transform = 'translate(' + v.x + 'px, ' + v.y + 'px) scale(' + v.zoom + ')';
    flow.classList.add('moving');
    clearTimeout(still);
    still = setTimeout(() => flow.classList.remove('moving'), 150);
  };
  // Fit as React Flow's fitView does: padding 0.15, zoom at most 1.25.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const c of cards) {
    const m = /translate\\((-?[\\d.]+)px,\\s*(-?[\\d.]+)px\\)/.exec(c.style.transform);
    const x = Number(m[1]), y = Number(m[2]);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + c.offsetWidth); y1 = Math.max(y1, y + c.offsetHeight);
  }
  const w = flow.clientWidth, h = flow.clientHeight;
  const zoom = Math.min(1.25, Math.max(0.02, Math.min(w / ((x1 - x0) * 1.15), h / ((y1 - y0) * 1.15))));
  v = { x: w / 2 - ((x0 + x1) / 2) * zoom, y: h / 2 - ((y0 + y1) / 2) * zoom, zoom };
  viewport.style.transform = 'translate(' + v.x + 'px, ' + v.y + 'px) scale(' + v.zoom + ')';

  flow.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = flow.getBoundingClientRect();
    const at = { x: e.clientX - r.left, y: e.clientY - r.top };
    const z = Math.min(2.5, Math.max(0.02, v.zoom * 2 ** (-e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002))));
    const k = z / v.zoom;
    v = { x: at.x - (at.x - v.x) * k, y: at.y - (at.y - v.y) * k, zoom: z };
    show();
  }, { passive: false });
  let drag = null;
  flow.addEventListener('mousedown', (e) => { drag = { x: e.clientX, y: e.clientY, base: v }; });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    v = { x: drag.base.x + e.clientX - drag.x, y: drag.base.y + e.clientY - drag.y, zoom: v.zoom };
    show();
  });
  window.addEventListener('mouseup', () => { drag = null; });
})();
</script></body></html>`;
}
