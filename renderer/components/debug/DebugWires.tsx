/**
 * The wires of the current step, drawn over the canvas in flow coordinates
 * (React Flow's viewport portal): forward, the inputs' wires in green with a
 * pulse running into the node; backward, in red with a pulse running from the
 * node back to each input, as the gradient goes. Paths are read from the
 * rendered edges, so they match React Flow's exactly; the pulse is a CSS
 * motion along that path, restarted at every step.
 */
import { ViewportPortal } from '@xyflow/react';
import { useLayoutEffect, useState } from 'react';
import { useApp } from '../../app/app-context.js';
import { inputEdges } from '../../model/debug-trace.js';
import { selectDebug, selectDebugPlay } from '../../store/debug-selectors.js';
import { selectDoc } from '../../store/selectors.js';

interface Wire {
  readonly id: string;
  readonly d: string;
}

function edgePath(id: string): string | undefined {
  const el = document.querySelector(`.react-flow__edge[data-id="${CSS.escape(id)}"] path.react-flow__edge-path`);
  return el?.getAttribute('d') ?? undefined;
}

export function DebugWires() {
  const session = useApp(selectDebug);
  const doc = useApp(selectDoc);
  const { speed } = useApp(selectDebugPlay);
  const [wires, setWires] = useState<readonly Wire[]>([]);
  const step = session?.trace.steps[session.cursor];

  useLayoutEffect(() => {
    if (!step) {
      setWires([]);
      return;
    }
    // Backward, only the wires a gradient actually goes along (an input that needs none gets no pulse).
    const edges = inputEdges(doc, step.node).filter((e) => step.phase === 'forward' || session?.trace.edgeGrads.has(e.id));
    setWires(edges.flatMap((e) => {
      const d = edgePath(e.id);
      return d === undefined ? [] : [{ id: e.id, d }];
    }));
  }, [step, doc, session]);

  if (!step || wires.length === 0) return null;
  const ms = Math.round(900 / speed);
  return (
    <ViewportPortal>
      <div className={`debug-wires debug-wires-${step.phase}`} aria-hidden="true" data-testid="debug-wires">
        <svg className="debug-wire-paths">
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
