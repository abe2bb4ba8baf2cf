/**
 * Runs ELK in a Web Worker: elkjs's own worker script (elk-worker.min.js,
 * emitted by Vite as an asset) behind elk-api's promise interface, so a large
 * layout never blocks the canvas. One worker is started on first use and reused.
 */
import ELK, { type ELK as ElkApi } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { GraphDoc } from '../../core/graph/types.js';
import type { XY } from '../model/doc-edit.js';
import type { Dimensions } from '../model/flow.js';
import { positionsFromElk, toElkGraph } from '../model/layout-graph.js';

let elk: ElkApi | undefined;

function instance(): ElkApi {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl, { name: 'elk-layout' }) });
  return elk;
}

/** Lays `doc` out left to right; resolves to a position per node id. */
export async function layoutDocument(doc: GraphDoc, measured: ReadonlyMap<string, Dimensions>): Promise<Map<string, XY>> {
  const laid = await instance().layout(toElkGraph(doc, measured));
  return positionsFromElk(doc, laid);
}
