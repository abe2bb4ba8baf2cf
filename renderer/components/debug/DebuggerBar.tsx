/** The debugger's controls over the top of the canvas, with the step shown ("backward 3/5: q (add)"). */
import { useApp, useServices } from '../../app/app-context.js';
import { stepLabel } from '../../model/debug-trace.js';
import { selectDebug, selectDebugLoading, selectDebugPlay } from '../../store/debug-selectors.js';
import { selectDoc } from '../../store/selectors.js';
import type { DebugMove } from '../../store/debug-slice.js';

/** Playback speeds, in steps a second. */
export const SPEEDS = [0.5, 1, 2, 4] as const;

interface ButtonSpec {
  readonly move: DebugMove;
  readonly label: string;
  readonly glyph: string;
  readonly keys?: string;
}

const MOVES: readonly ButtonSpec[] = [
  { move: 'restart', label: 'Restart', glyph: '⟲' },
  { move: 'back', label: 'Step back', glyph: '◀', keys: 'Shift+F10' },
  { move: 'next', label: 'Step', glyph: '▶', keys: 'F10' },
  { move: 'continue', label: 'Continue', glyph: '▶▶', keys: 'F5' },
  { move: 'backward', label: 'Skip to the backward pass', glyph: '↩' },
  { move: 'end', label: 'Run to end', glyph: '⇥' },
];

const TEST_IDS: Readonly<Record<DebugMove, string>> = {
  restart: 'debug-restart',
  back: 'debug-back',
  next: 'debug-step',
  continue: 'debug-continue',
  backward: 'debug-to-backward',
  end: 'debug-end',
};

export function DebuggerBar() {
  const { store, debug } = useServices();
  const session = useApp(selectDebug);
  const loading = useApp(selectDebugLoading);
  const play = useApp(selectDebugPlay);
  const doc = useApp(selectDoc);
  if (!session) {
    return loading ? (
      <div className="debug-bar" data-testid="debug-bar" role="toolbar" aria-label="debugger">
        <span className="debug-status">Computing the trace…</span>
      </div>
    ) : null;
  }
  const step = session.trace.steps[session.cursor];
  const last = session.trace.steps.length - 1;
  const atStart = session.cursor === 0;
  const atEnd = session.cursor === last;
  const onPlay = () => {
    const s = store.getState();
    // Playing from the end replays the backward pass, the part worth watching.
    if (!play.playing && atEnd) s.debugMove('backward');
    s.setDebugPlay({ playing: !play.playing });
  };
  return (
    <div className="debug-bar" data-testid="debug-bar" role="toolbar" aria-label="debugger">
      <span className={`debug-phase debug-phase-${step.phase}`}>{step.phase === 'forward' ? 'forward' : 'backward'}</span>
      <span className="debug-status" data-testid="debug-step-label" data-phase={step.phase} data-node={step.node} aria-live="polite">
        {stepLabel(step, doc)}
      </span>
      <progress className="debug-progress" max={last} value={session.cursor} aria-label="steps done" />
      <div className="debug-buttons">
        {MOVES.map((m) => (
          <button
            key={m.move}
            type="button"
            className="debug-btn"
            onClick={() => store.getState().debugMove(m.move)}
            disabled={m.move === 'back' || m.move === 'restart' ? atStart : m.move === 'backward' ? step.phase === 'backward' : atEnd}
            title={m.keys ? `${m.label} (${m.keys})` : m.label}
            aria-label={m.label}
            data-testid={TEST_IDS[m.move]}
          >
            {m.glyph}
          </button>
        ))}
        <button type="button" className={`debug-btn debug-play${play.playing ? ' on' : ''}`} onClick={onPlay} aria-pressed={play.playing} title="Play: steps on their own, with pulses along the wires" data-testid="debug-play">
          {play.playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <label className="debug-speed" title="Playback speed, in steps a second">
          speed
          <select value={play.speed} onChange={(e) => store.getState().setDebugPlay({ speed: Number(e.target.value) })} data-testid="debug-speed" aria-label="playback speed">
            {SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="debug-btn debug-stop" onClick={() => debug.stop()} title="Stop debugging (Shift+F5)" aria-label="Stop debugging" data-testid="debug-stop">
          ■
        </button>
      </div>
    </div>
  );
}
