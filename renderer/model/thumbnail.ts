/**
 * A small picture of a graph for the examples gallery, drawn from the document alone: each node a box at its
 * position, the size of its card, coloured by its op's category, and a wire from each source's output to the
 * input port it feeds. No screenshots to keep in step with the examples: the picture follows the file.
 */
import type { GraphDoc } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { positionOf } from './doc-edit.js';
import { CARD, estimateCardSize } from './op-catalog.js';

export interface ThumbBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The op's category as a class suffix (`linear-algebra`), or `unknown`. */
  readonly category: string;
  readonly op: string;
}

export interface Thumbnail {
  /** `minX minY width height` around every box, padded. */
  readonly viewBox: string;
  readonly boxes: readonly ThumbBox[];
  /** One bezier path per edge, in the same coordinates. */
  readonly wires: readonly string[];
}

/** Nodes without a position (a file never laid out) go on a grid of this many columns. */
const GRID_COLUMNS = 6;
const GRID_STEP = { x: 170, y: 110 } as const;

/** `pad`: graph units of margin around the boxes. */
export function graphThumbnail(doc: GraphDoc, pad = 20): Thumbnail {
  const boxes = doc.nodes.map((n, i): ThumbBox => {
    const op = getOp(n.op);
    const size = estimateCardSize(op, n);
    const at = positionOf(n);
    const x = at?.x ?? (i % GRID_COLUMNS) * GRID_STEP.x;
    const y = at?.y ?? Math.floor(i / GRID_COLUMNS) * GRID_STEP.y;
    return { id: n.id, x, y, width: size.width, height: size.height, category: op ? op.category.replace(/\s+/g, '-') : 'unknown', op: n.op };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const wires: string[] = [];
  for (const e of doc.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    const ports = getOp(to.op)?.inputs ?? [];
    const port = Math.max(0, ports.findIndex((p) => p.name === e.port));
    // As on the canvas: out of the card's right edge at its header, into the left edge at the port's row.
    const x1 = from.x + from.width;
    const y1 = from.y + CARD.header / 2;
    const x2 = to.x;
    const y2 = Math.min(to.y + to.height, to.y + CARD.header + (port + 0.5) * CARD.row);
    const dx = Math.max(30, Math.abs(x2 - x1) / 2);
    wires.push(`M${r(x1)} ${r(y1)}C${r(x1 + dx)} ${r(y1)} ${r(x2 - dx)} ${r(y2)} ${r(x2)} ${r(y2)}`);
  }
  if (boxes.length === 0) return { viewBox: `0 0 ${2 * pad} ${2 * pad}`, boxes, wires };
  const minX = Math.min(...boxes.map((b) => b.x)) - pad;
  const minY = Math.min(...boxes.map((b) => b.y)) - pad;
  const maxX = Math.max(...boxes.map((b) => b.x + b.width)) + pad;
  const maxY = Math.max(...boxes.map((b) => b.y + b.height)) + pad;
  return { viewBox: `${r(minX)} ${r(minY)} ${r(maxX - minX)} ${r(maxY - minY)}`, boxes, wires };
}

function r(v: number): number {
  return Math.round(v * 10) / 10;
}
