/**
 * Everything the debugger and the gradient check put on the canvas, mounted
 * once inside React Flow (so the wire overlay can use its viewport): the bar,
 * the step's card, the highlighted wires, the gradient-check panel, the
 * playback clock that advances a step every 1/speed seconds while playing,
 * and the view following the current node.
 */
import { useEffect } from 'react';
import '../../styles/debugger.css';
import { useApp, useServices } from '../../app/app-context.js';
import { revealNode } from '../../app/canvas-control.js';
import { selectDebug, selectDebugPlay, selectGradcheck } from '../../store/debug-selectors.js';
import { DebugCard } from './DebugCard.js';
import { DebuggerBar } from './DebuggerBar.js';
import { DebugWires } from './DebugWires.js';
import { GradcheckPanel } from './GradcheckPanel.js';

export function Debugger() {
  const { store } = useServices();
  const session = useApp(selectDebug);
  const play = useApp(selectDebugPlay);
  const gradcheck = useApp(selectGradcheck);
  const cursor = session?.cursor;

  // The view follows the step: a current card out of view (far along a big graph) or under the step's card is brought
  // to the middle of the canvas above that card.
  const current = session?.trace.steps[session.cursor]?.node;
  useEffect(() => {
    if (current !== undefined) revealNode(current, document.querySelector('[data-testid="debug-card"]'));
  }, [current, cursor]);

  useEffect(() => {
    if (!play.playing || cursor === undefined) return undefined;
    const timer = setTimeout(() => store.getState().debugMove('next'), 1000 / play.speed);
    return () => clearTimeout(timer);
  }, [store, play.playing, play.speed, cursor]);

  return (
    <>
      <DebuggerBar />
      <DebugCard />
      <DebugWires />
      {gradcheck.status !== 'closed' && <GradcheckPanel />}
    </>
  );
}
