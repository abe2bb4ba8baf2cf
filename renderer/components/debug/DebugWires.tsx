/**
 * The wires of the current step, drawn over the canvas in flow coordinates
 * (React Flow's viewport portal): forward, the inputs' wires in green with a
 * pulse running into the node; backward, in red with a pulse running from the
 * node back to each input, as the gradient goes. Paths come from React Flow's
 * node lookup (model/flow-wires.ts), the route WireEdge draws, so they show
 * where React Flow draws no wire: far out on a big graph, and over 400 nodes
 * for cards outside the view. Zoomed out, a ring marks the current card and
 * wires and pulses keep a readable size on screen. The pulse is a CSS motion
 * along the path, restarted at every step.
 */
import { type ReactFlowState, useStore as useFlowStore, ViewportPortal } from '@xyflow/react';
import { type CSSProperties, useMemo } from 'react';
import { useApp } from '../../app/app-context.js';
import { inputEdges } from '../../model/debug-trace.js';
import { cardBox, edgeWire } from '../../model/flow-wires.js';
import { selectDebug, selectDebugPlay } from '../../store/debug-selectors.js';
import { selectDoc } from '../../store/selectors.js';

interface Wire {
  readonly id: string;
  readonly d: string;
}

// A new array whenever positions or measured sizes change; handle bounds are read from the lookup.
const selectNodes = (s: ReactFlowState) => s.nodes;
const selectLookup = (s: ReactFlowState) => s.nodeLookup;
const selectZoom = (s: ReactFlowState) => s.transform[2];
/** Below this zoom (the cards' fine print is gone, see Canvas) the current card gets a ring. */
const RING_BELOW = 0.6;

export function DebugWires() {
  const session = useApp(selectDebug);
  const doc = useApp(selectDoc);
  const { speed } = useApp(selectDebugPlay);
  const nodes = useFlowStore(selectNodes);
  const lookup = useFlowStore(selectLookup);
  const zoom = useFlowStore(selectZoom);
  const step = session?.trace.steps[session.cursor];

  const wires = useMemo((): readonly Wire[] => {
    if (!step || nodes.length === 0) return [];
    // Backward, only the wires a gradient actually goes along (an input that needs none gets no pulse).
    const edges = inputEdges(doc, step.node).filter((e) => step.phase === 'forward' || session?.trace.edgeGrads.has(e.id));
    return edges.flatMap((e) => {
      const wire = edgeWire(lookup, { source: e.from, target: step.node, sourceHandle: 'out', targetHandle: e.port });
      return wire ? [{ id: e.id, d: wire.d }] : [];
    });
  }, [step, doc, session, lookup, nodes]);
  const box = useMemo(() => (step && nodes.length > 0 ? cardBox(lookup.get(step.node)) : undefined), [step, lookup, nodes]);

  // Flow units per screen pixel when zoomed out: strokes, pulses and the ring keep their size on screen.
  const k = Math.max(1, 1 / zoom);
  const ring = zoom < RING_BELOW && box ? 8 * k : undefined;
  if (!step || (wires.length === 0 && ring === undefined)) return null;
  const ms = Math.round(900 / speed);
  return (
    <ViewportPortal>
      <div className={`debug-wires debug-wires-${step.phase}`} aria-hidden="true" data-testid="debug-wires" style={{ '--debug-k': k } as CSSProperties}>
        <svg className="debug-wire-paths">
          {ring !== undefined && box && (
            <rect className="debug-ring" data-testid="debug-ring" x={box.x - ring} y={box.y - ring} width={box.width + 2 * ring} height={box.height + 2 * ring} rx={ring} />
          )}
          {wires.map((w) => (
            <path key={w.id} d={w.d} className="debug-wire" data-testid={`debug-wire-${w.id}`} />
          ))}
        </svg>
        {wires.map((w) => (
          <span
            key={`${w.id}@${session?.cursor ?? 0}`}
            className="debug-pulse"
            style={{ offsetPath: `path('${w.d}')`, animationDuration: `${ms}ms` }}
          />
        ))}
      </div>
    </ViewportPortal>
  );
}
