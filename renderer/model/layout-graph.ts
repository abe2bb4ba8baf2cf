/**
 * Automatic layout with ELK's layered algorithm (left to right, inputs in
 * port order), for files without positions and for the Layout button. This
 * module only builds ELK's input and reads its output, so it runs anywhere;
 * workers/elk-layout.ts runs ELK itself in a Web Worker.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { type XY, positionOf } from './doc-edit.js';
import type { Dimensions } from './flow.js';
import { estimateCardSize } from './op-catalog.js';

/** Where the laid-out graph's top-left corner goes. */
const MARGIN = 40;

/** The canvas draws its own wires, so ELK's edge routes are not used and the cheapest routing will do. */
export const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '28',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/**
 * Keeping the file's node order (inputs listed first stay on top) reads best,
 * but it costs seconds on big graphs; beyond this many nodes it is dropped,
 * with fewer crossing-minimisation passes (1,000 nodes: about 0.8 s instead of 5.5 s).
 */
const MODEL_ORDER_UP_TO = 200;

function optionsFor(nodes: number): Record<string, string> {
  return nodes <= MODEL_ORDER_UP_TO
    ? { ...LAYOUT_OPTIONS, 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' }
    : { ...LAYOUT_OPTIONS, 'elk.layered.thoroughness': '1' };
}

/** Up to this many nodes, a layout too wide for the canvas is tried again wrapped onto rows (see wrapFor). */
export const WRAP_UP_TO = 200;
/** A fit below this zoom would make card text smaller than about 10 px (11 px type). */
const READABLE_ZOOM = 0.9;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The zoom at which `graph` fits in `view`. */
export function fitZoom(graph: Size, view: Size): number {
  return Math.min(view.width / Math.max(1, graph.width), view.height / Math.max(1, graph.height));
}

/**
 * ELK options that wrap a long left-to-right layout onto rows, aiming at the view's aspect ratio, when a layout of
 * `laid` size would fit `view` only below a readable zoom because of its width (not its height: wrapping would not
 * help); undefined when it reads well as it is. A wrapped chain's wires back to the left run between the rows
 * (model/wire-geometry.ts).
 */
export function wrapFor(laid: Size, view: Size): Record<string, string> | undefined {
  const zoom = fitZoom(laid, view);
  if (zoom >= READABLE_ZOOM || view.width / laid.width > view.height / laid.height) return undefined;
  return {
    'elk.layered.wrapping.strategy': 'MULTI_EDGE',
    'elk.aspectRatio': (view.width / view.height).toFixed(2),
    'elk.layered.wrapping.additionalEdgeSpacing': '24',
  };
}

/** True when some node has no position, so the document needs a layout before it is shown. */
export function needsLayout(doc: GraphDoc): boolean {
  return doc.nodes.some((n) => positionOf(n) === undefined);
}

/**
 * ELK's input for `doc`. Ids are positional (`n3`, `n3p1`, `n3o`) because
 * node ids may contain any character; edges that name missing nodes or
 * ports (a broken file) are left out rather than failing the layout.
 */
export function toElkGraph(doc: GraphDoc, measured: ReadonlyMap<string, Dimensions>, extra?: Readonly<Record<string, string>>): ElkNode {
  const index = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const children: ElkNode[] = doc.nodes.map((n, i) => {
    const op = getOp(n.op);
    const size = measured.get(n.id) ?? estimateCardSize(op, n);
    const ports = (op?.inputs ?? []).map((p, k) => ({ id: `n${i}p${k}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(k) } }));
    ports.push({ id: `n${i}o`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': '0' } });
    return { id: `n${i}`, width: size.width, height: size.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' } };
  });
  const edges = doc.edges.flatMap((e, k) => {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) return [];
    const port = getOp(doc.nodes[to].op)?.inputs.findIndex((p) => p.name === e.port) ?? -1;
    if (port < 0) return [];
    return [{ id: `e${k}`, sources: [`n${from}o`], targets: [`n${to}p${port}`] }];
  });
  return { id: 'root', layoutOptions: { ...optionsFor(doc.nodes.length), ...extra }, children, edges };
}

/** Node positions from ELK's result, by node id, shifted so that the graph starts at the margin. */
export function positionsFromElk(doc: GraphDoc, laid: ElkNode): Map<string, XY> {
  const out = new Map<string, XY>();
  const kids = laid.children ?? [];
  let minX = Infinity;
  let minY = Infinity;
  for (const c of kids) {
    minX = Math.min(minX, c.x ?? 0);
    minY = Math.min(minY, c.y ?? 0);
  }
  for (const c of kids) {
    const i = Number(c.id.slice(1));
    const node = doc.nodes[i];
    if (!node) continue;
    out.set(node.id, { x: Math.round((c.x ?? 0) - minX + MARGIN), y: Math.round((c.y ?? 0) - minY + MARGIN) });
  }
  return out;
}
