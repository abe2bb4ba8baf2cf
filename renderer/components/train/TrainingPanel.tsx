/**
 * The training panel, docked under the canvas: settings and controls on the
 * left; curves, the data with its decision boundary, and the diagnostics on
 * the right. Resizable by its top edge, hidden with its close button or
 * Ctrl+J. It asks the engine only for the visuals it shows.
 */
import { type PointerEvent as ReactPointerEvent, useEffect } from 'react';
import { useApp, useServices } from '../../app/app-context.js';
import { fitView } from '../../app/canvas-control.js';
import type { AppState, TrainTab } from '../../store/types.js';
import { TrainControls } from './TrainControls.js';
import { TrainSettings } from './TrainSettings.js';
import { TrainViews } from './TrainViews.js';

const selectPanel = (s: AppState) => s.trainPanel;
const selectHasBlock = (s: AppState) => s.doc.training !== undefined;

const MIN_HEIGHT = 200;
/** The panel's height until it is resized: 340 px, but at most 36% of the window, so that on a 1280×800 screen the canvas keeps enough height for a fitted example to stay readable. */
const DEFAULT_HEIGHT = `max(${MIN_HEIGHT}px, min(340px, 36vh))`;

const TABS: readonly { readonly id: TrainTab; readonly label: string }[] = [
  { id: 'curves', label: 'Curves' },
  { id: 'data', label: 'Data' },
  { id: 'diagnostics', label: 'Diagnostics' },
];

export function TrainingPanel() {
  const { store, train } = useServices();
  const panel = useApp(selectPanel);
  const hasBlock = useApp(selectHasBlock);

  useEffect(() => {
    if (!panel.open) {
      train.wantVisuals({});
      return;
    }
    // Without a training block there is no data to show, but the network's health (the init examples' lesson) is.
    if (!hasBlock) {
      train.wantVisuals({ diagnostics: true });
      return;
    }
    // The curves tab shows the data beside the curves, so the boundary is wanted there too. Diagnostics are
    // sampled whenever the panel is open, so their history over time is there when the tab is opened.
    train.wantVisuals({ boundary: panel.tab !== 'diagnostics', predictions: panel.tab !== 'diagnostics', diagnostics: true });
    void train.loadDataset();
  }, [panel.open, panel.tab, hasBlock, train]);

  // The canvas grew or shrank: frame the graph in what is left of it, once React Flow has measured its
  // new size (its ResizeObserver reports after the next frame or two).
  useEffect(() => {
    const id = setTimeout(() => fitView(false), 150);
    return () => clearTimeout(id);
  }, [panel.open]);

  if (!panel.open) return null;
  // Curves and data need a training block; a graph without one still shows its network's health.
  const tab: TrainTab = hasBlock ? panel.tab : 'diagnostics';

  const startResize = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const y0 = e.clientY;
    const h0 = panel.height ?? e.currentTarget.parentElement?.getBoundingClientRect().height ?? 340;
    const move = (ev: PointerEvent) => {
      const max = Math.max(MIN_HEIGHT, window.innerHeight - 200);
      store.getState().setTrainPanel({ height: Math.min(max, Math.max(MIN_HEIGHT, h0 + y0 - ev.clientY)) });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <section className="train-panel" style={{ height: panel.height ?? DEFAULT_HEIGHT }} aria-label="training" data-testid="train-panel">
      <div className="train-resize" onPointerDown={startResize} role="separator" aria-orientation="horizontal" aria-label="resize the training panel" title="Drag to resize" />
      <div className="train-side">
        <div className="train-head">
          <h2 className="panel-title">Training</h2>
        </div>
        <TrainControls />
        <TrainSettings />
      </div>
      <div className="train-main-area">
        <div className="train-tabs" role="tablist">
          {TABS.filter((t) => hasBlock || t.id === 'diagnostics').map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={`train-tab${tab === t.id ? ' active' : ''}`}
              data-testid={`train-tab-${t.id}`}
              onClick={() => store.getState().setTrainPanel({ tab: t.id })}
            >
              {t.label}
            </button>
          ))}
          <button type="button" className="train-close" aria-label="hide the training panel" title="Hide (Ctrl+J)" data-testid="train-close" onClick={() => store.getState().setTrainPanel({ open: false })}>
            ×
          </button>
        </div>
        <div className="train-view">
          <TrainViews tab={tab} />
        </div>
      </div>
    </section>
  );
}
