/**
 * Far out on a big graph every wire is a hairline that nobody can point at,
 * and a React Flow edge component per wire (each one listening to the store,
 * each its own SVG) is what makes panning the whole graph stutter. There the
 * canvas gives React Flow no edges at all and this draws all wires as
 * three SVG paths: plain, with a problem, selected. Zoomed back in, the real
 * edges return with their labels and hit areas.
 */
import { type ReactFlowState, useStore as useFlowStore } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useApp } from '../app/app-context.js';
import type { WireFlowEdge } from '../model/flow.js';
import { edgeWire } from '../model/flow-wires.js';
import { selectEdgeProblemMap, selectSelection } from '../store/selectors.js';

// A new array whenever the canvas applies positions or measured sizes; node internals (handle bounds) are read from the lookup.
const selectNodes = (s: ReactFlowState) => s.nodes;
const selectLookup = (s: ReactFlowState) => s.nodeLookup;
// React Flow's ViewportPortal looks its target up with querySelector on every store update, every frame of a pan; once is enough.
const selectDomNode = (s: ReactFlowState) => s.domNode;

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
      // The same route as WireEdge draws up close, so a back edge does not jump behind the cards when zooming out.
      const wire = edgeWire(lookup, e);
      if (!wire) continue;
      const { d } = wire;
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
