/**
 * GraphDoc ↔ React Flow. The canvas shows the document; it is never a second
 * copy of it. Nodes and edges are derived here with a cache keyed by object
 * identity: an edit replaces only the GraphNode objects it touches, so only
 * their flow nodes are rebuilt and React Flow re-renders only those cards.
 * Positions come back through `positionsFromFlow` into a move command.
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph/types.js';
import { positionOf, provisionalPosition, type XY } from './doc-edit.js';
import { edgeIds } from './graph-queries.js';

export type GateData = { readonly node: GraphNode; readonly isOutput: boolean };
export type GateFlowNode = Node<GateData, 'gate'>;
export type WireData = { readonly port: string };
export type WireFlowEdge = Edge<WireData, 'wire'>;

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

interface NodeEntry {
  readonly src: GraphNode;
  readonly selected: boolean;
  readonly isOutput: boolean;
  readonly measured: Dimensions | undefined;
  readonly index: number;
  readonly out: GateFlowNode;
}

interface EdgeEntry {
  readonly src: GraphEdge;
  readonly selected: boolean;
  readonly out: WireFlowEdge;
}

/** Derives flow nodes and edges from documents, reusing every object whose inputs did not change. */
export class FlowCache {
  private nodeEntries = new Map<string, NodeEntry>();
  private edgeEntries = new Map<string, EdgeEntry>();

  nodes(doc: GraphDoc, selected: ReadonlySet<string>, measured: ReadonlyMap<string, Dimensions>): GateFlowNode[] {
    const next = new Map<string, NodeEntry>();
    const out = doc.nodes.map((n, index) => {
      const isSelected = selected.has(n.id);
      const isOutput = doc.output === n.id;
      const m = measured.get(n.id);
      const old = this.nodeEntries.get(n.id);
      // The provisional position depends on the index, so it is part of the key only for unpositioned nodes.
      const same = old && old.src === n && old.selected === isSelected && old.isOutput === isOutput && old.measured === m && (old.index === index || positionOf(n));
      const entry: NodeEntry = same ? old : { src: n, selected: isSelected, isOutput, measured: m, index, out: toFlowNode(n, index, isSelected, isOutput, m) };
      next.set(n.id, entry);
      return entry.out;
    });
    this.nodeEntries = next;
    return out;
  }

  edges(doc: GraphDoc, selected: ReadonlySet<string>): WireFlowEdge[] {
    const ids = edgeIds(doc.edges);
    const next = new Map<string, EdgeEntry>();
    const out = doc.edges.map((e, i) => {
      const id = ids[i];
      const isSelected = selected.has(id);
      const old = this.edgeEntries.get(id);
      const entry: EdgeEntry = old && old.src === e && old.selected === isSelected ? old : { src: e, selected: isSelected, out: toFlowEdge(e, id, isSelected) };
      next.set(id, entry);
      return entry.out;
    });
    this.edgeEntries = next;
    return out;
  }
}

/** One flow node for a document node. */
export function toFlowNode(n: GraphNode, index: number, selected: boolean, isOutput: boolean, measured?: Dimensions): GateFlowNode {
  return {
    id: n.id,
    type: 'gate',
    position: positionOf(n) ?? provisionalPosition(index),
    data: { node: n, isOutput },
    selected,
    ...(measured ? { measured } : {}),
  };
}

/** One flow edge for a document edge: output handle `out`, target handle = the port name. */
export function toFlowEdge(e: GraphEdge, id: string, selected: boolean): WireFlowEdge {
  return { id, source: e.from, target: e.to, sourceHandle: 'out', targetHandle: e.port, type: 'wire', selected, data: { port: e.port } };
}

/** Positions of flow nodes, to write back into the document. */
export function positionsFromFlow(nodes: readonly { id: string; position: XY }[]): Map<string, XY> {
  return new Map(nodes.map((n) => [n.id, n.position]));
}
