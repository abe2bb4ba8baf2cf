/**
 * Far out on a big graph every wire is a hairline that nobody can point at,
 * and a React Flow edge component per wire (each one listening to the store,
 * each its own SVG) is what makes panning the whole graph stutter. There the
 * canvas gives React Flow no edges at all and this draws all wires as
 * three SVG paths: plain, with a problem, selected. Zoomed back in, the real
 * edges return with their labels and hit areas.
 */
import { type InternalNode, type ReactFlowState, useStore as useFlowStore } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useApp } from '../app/app-context.js';
import type { WireFlowEdge } from '../model/flow.js';
import { wireGeometry } from '../model/wire-geometry.js';
import { selectEdgeProblemMap, selectSelection } from '../store/selectors.js';

// A new array whenever the canvas applies positions or measured sizes; node internals (handle bounds) are read from the lookup.
const selectNodes = (s: ReactFlowState) => s.nodes;
const selectLookup = (s: ReactFlowState) => s.nodeLookup;
// React Flow's ViewportPortal looks its target up with querySelector on every store update, every frame of a pan; once is enough.
const selectDomNode = (s: ReactFlowState) => s.domNode;

type XY = { readonly x: number; readonly y: number };

/** Where React Flow attaches a wire: the right middle of a source handle, the left middle of a target handle. */
function handlePoint(node: InternalNode | undefined, type: 'source' | 'target', id: string | null | undefined): XY | undefined {
  const h = node?.internals.handleBounds?.[type]?.find((b) => b.id === id);
  if (!node || !h) return undefined;
  const at = node.internals.positionAbsolute;
  return { x: at.x + h.x + (type === 'source' ? h.width : 0), y: at.y + h.y + h.height / 2 };
}

export const WireOverview = memo(function WireOverview({ edges }: { readonly edges: readonly WireFlowEdge[] }) {
  const nodes = useFlowStore(selectNodes);
  const lookup = useFlowStore(selectLookup);
  const problems = useApp(selectEdgeProblemMap);
  const selected = useApp(selectSelection).edges;
  const domNode = useFlowStore(selectDomNode);
  const host = useMemo(() => domNode?.querySelector('.react-flow__viewport-portal'), [domNode]);
  const paths = useMemo(() => {
    const out = { plain: [] as string[], problem: [] as string[], selected: [] as string[] };
    if (nodes.length === 0) return out;
    for (const e of edges) {
      const a = handlePoint(lookup.get(e.source), 'source', e.sourceHandle);
      const b = handlePoint(lookup.get(e.target), 'target', e.targetHandle);
      if (!a || !b) continue;
      // The same route as WireEdge draws up close, so a back edge does not jump behind the cards when zooming out.
      const top = Math.min(lookup.get(e.source)?.internals.positionAbsolute.y ?? a.y, lookup.get(e.target)?.internals.positionAbsolute.y ?? b.y);
      const { d } = wireGeometry(a, b, top);
      (selected.has(e.id) ? out.selected : problems.has(e.id) ? out.problem : out.plain).push(d);
    }
    return out;
  }, [edges, nodes, lookup, problems, selected]);

  if (!host) return null;
  return createPortal(
    <svg className="wire-overview" aria-hidden="true">
      <path className="wire-overview-plain" d={paths.plain.join('')} />
      <path className="wire-overview-problem" d={paths.problem.join('')} />
      <path className="wire-overview-selected" d={paths.selected.join('')} />
    </svg>,
    host,
  );
});
