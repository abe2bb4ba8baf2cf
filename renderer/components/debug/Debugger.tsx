/**
 * Everything the debugger and the gradient check put on the canvas, mounted
 * once inside React Flow (so the wire overlay can use its viewport): the bar,
 * the step's card, the highlighted wires, the gradient-check panel, and the
 * playback clock that advances a step every 1/speed seconds while playing.
 */
import { useEffect } from 'react';
import '../../styles/debugger.css';
import { useApp, useServices } from '../../app/app-context.js';
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
