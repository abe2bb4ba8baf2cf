/**
 * The key to the wires after Run: how a gradient's magnitude sets a wire's
 * colour and width (model/grad-scale.ts), and which way values and gradients
 * flow. A small fixed overlay, so vanishing and exploding gradients can be
 * read off the canvas without opening anything.
 */
import { Panel } from '@xyflow/react';
import { memo } from 'react';
import { useApp } from '../app/app-context.js';
import { GRAD_BANDS, gradWidth } from '../model/grad-scale.js';
import { selectRunStatus } from '../store/selectors.js';

/** A magnitude inside each band, to draw its swatch at the width such a gradient gets. */
const SAMPLE: Readonly<Record<(typeof GRAD_BANDS)[number]['band'], number>> = { zero: 0, vanishing: 1e-6, small: 1e-3, normal: 1, large: 100, exploding: 1e4 };

export const GradLegend = memo(function GradLegend() {
  const status = useApp(selectRunStatus);
  if (status !== 'done') return null;
  // Folded to a chip by default, in the strip left of a fitted graph, above the zoom buttons (fit view keeps that
  // strip clear for them: view-math.ts): open, or at the top as it was, it sat on the cards of the graph's corner.
  return (
    <Panel position="bottom-left" className="grad-legend-panel">
      <details className="grad-legend" data-testid="grad-legend" aria-label="legend: gradient magnitude on wires">
        <summary className="grad-legend-title" title="how a wire's width and colour show its gradient">
          |∇|<span className="grad-legend-more"> on a wire <span className="muted">(rms for tensors)</span></span>
        </summary>
        {GRAD_BANDS.map(({ band, label, title }) => (
          <div key={band} className={`grad-legend-row wire-mag-${band}`} title={title} data-testid={`grad-legend-${band}`}>
            <svg width="30" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="29" y2="5" style={{ stroke: 'var(--wire)', strokeWidth: gradWidth(SAMPLE[band]) }} />
            </svg>
            <span>{label}</span>
          </div>
        ))}
        <div className="grad-legend-flow">
          <span className="run-value">value →</span> <span className="run-grad">◂ gradient</span>
        </div>
        <div className="muted">width: log scale, 1e-6 … 1e3</div>
      </details>
    </Panel>
  );
});
