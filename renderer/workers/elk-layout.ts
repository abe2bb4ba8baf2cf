/**
 * Runs ELK in a Web Worker: elkjs's own worker script (elk-worker.min.js,
 * emitted by Vite as an asset) behind elk-api's promise interface, so a large
 * layout never blocks the canvas. One worker is started, on first use or by
 * warmUpLayout once the app is idle, and reused.
 */
import ELK, { type ELK as ElkApi } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../../core/graph/types.js';
import type { XY } from '../model/doc-edit.js';
import type { Dimensions } from '../model/flow.js';
import { fitZoom, positionsFromElk, type Size, toElkGraph, WRAP_UP_TO, wrapFor } from '../model/layout-graph.js';

let elk: ElkApi | undefined;

function instance(): ElkApi {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl, { name: 'elk-layout' }) });
  return elk;
}

/**
 * Lays `doc` out left to right; resolves to a position per node id. Given the canvas's size, a small graph that
 * would be too wide to read there is laid out again wrapped onto rows, and the wrapped layout kept if it fits larger.
 */
export async function layoutDocument(doc: GraphDoc, measured: ReadonlyMap<string, Dimensions>, view?: Size): Promise<Map<string, XY>> {
  const laid = await instance().layout(toElkGraph(doc, measured));
  const size = { width: laid.width ?? 0, height: laid.height ?? 0 };
  const wrap = view && doc.nodes.length <= WRAP_UP_TO ? wrapFor(size, view) : undefined;
  if (view && wrap) {
    const wrapped = await instance().layout(toElkGraph(doc, measured, wrap));
    if (fitZoom({ width: wrapped.width ?? 0, height: wrapped.height ?? 0 }, view) > fitZoom(size, view)) return positionsFromElk(doc, wrapped);
  }
  return positionsFromElk(doc, laid);
}

/** Two gates: enough to run every phase of ELK's layered algorithm once. */
const WARM_UP_DOC: GraphDoc = {
  format: GRAPH_FORMAT,
  version: GRAPH_VERSION,
  nodes: [
    { id: 'x', op: 'input' },
    { id: 'y', op: 'relu' },
  ],
  edges: [{ from: 'x', to: 'y', port: 'x' }],
  output: 'y',
};

/**
 * Starts the worker and lays out a two-gate graph in it, so that the first
 * real layout (a file opened without positions) does not also pay for
 * starting the worker, parsing ELK's 1.6 MB script and compiling its code
 * on first use: a few hundred milliseconds of a 1,000-node layout on a
 * 2-core machine (npm run bench:editor).
 */
export function warmUpLayout(): void {
  instance()
    .layout(toElkGraph(WARM_UP_DOC, new Map()))
    // Nothing depends on it: a broken worker shows up, with its message, at the first real layout.
    .catch(() => undefined);
}
