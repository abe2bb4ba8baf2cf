/**
 * cs231n's "babysitting the learning process" for one run: per param the
 * gradient norm and the update-to-weight ratio over time (about 1e-3 is
 * healthy), and per activation layer the latest histograms of activations and
 * gradients side by side on shared axes (tanh layers all on -1..1), so a net
 * whose activations collapse layer after layer (too small an init) or
 * saturate (too large) shows it at a glance.
 */
import { useId } from 'react';
import { formatValue } from '../../model/chart-format.js';
import { gradNormSeries, layerMeanSeries, layerStdSeries, sharedRanges, updateRatioSeries } from '../../model/diagnostics-series.js';
import type { RunHistory } from '../../model/train-history.js';
import '../../styles/train.css';
import { CurveChart } from './CurveChart.js';
import { diagSpec, RULE_OF_THUMB, seriesColor } from './diag-specs.js';
import { LayerCard } from './LayerCard.js';

export interface DiagnosticsProps {
  /** The run whose `diagnostics` samples are shown (the array grows in place; `version` says when). */
  readonly history: RunHistory;
}

/** An update ratio this far from 1e-3 (a factor of 10 either way) is flagged. */
const ratioOff = (r: number | null): boolean => r !== null && (r < RULE_OF_THUMB / 10 || r > RULE_OF_THUMB * 10);

export function Diagnostics({ history }: DiagnosticsProps): React.JSX.Element {
  const syncKey = useId();
  const samples = history.diagnostics;
  const latest = samples.at(-1);
  const version = `${history.run}.${history.version}.${samples.length}`;
  const grads = gradNormSeries(samples);
  const ratios = updateRatioSeries(samples);
  if (!latest) {
    return (
      <div className="diagnostics" data-testid="diagnostics">
        <p className="train-empty muted">No diagnostics yet: they are measured every few steps while training.</p>
      </div>
    );
  }
  const ranges = sharedRanges(latest.layers);
  const means = layerMeanSeries(samples);
  const stds = layerStdSeries(samples);
  const hasRatio = ratios.values.some((v) => v.some((r) => r !== null));
  return (
    <div className="diagnostics" data-testid="diagnostics">
      {/* Layers first: how activations spread layer by layer is what the eye should meet first. */}
      {latest.layers.length > 0 && (
        <section className="diag-section">
          <h4 className="train-h">Activation layers</h4>
          <p className="train-hint muted" style={{ margin: '-4px 0 0' }}>
            activations (blue) and gradients (red) at step {latest.step}; one x axis for all layers of a kind
          </p>
          <div className="diag-layers">
            {latest.layers.map((l) => {
              const k = means.ids.indexOf(l.id);
              return <LayerCard key={l.id} layer={l} valueRange={ranges.values.get(l.id) ?? [-1, 1]} gradRange={ranges.grads} means={means.values[k] ?? []} stds={stds.values[k] ?? []} />;
            })}
          </div>
          <p className="train-hint muted" style={{ marginTop: 0 }}>
            gradients share one axis: ±{formatValue(ranges.grads[1])} · bottom line: activation mean ± std over time
          </p>
        </section>
      )}
      <section className="diag-section">
        <h4 className="train-h">
          Params <span className="train-note">at step {latest.step}</span>
        </h4>
        <table className="diag-table">
          <thead>
            <tr>
              <th>param</th>
              <th title="Euclidean norm of the weights">‖w‖</th>
              <th title="Euclidean norm of the gradient">‖∇w‖</th>
              <th title="Norm of this step's update over the weights' norm; about 1e-3 is healthy">‖Δw‖ / ‖w‖</th>
            </tr>
          </thead>
          <tbody>
            {latest.params.map((p) => (
              <tr key={p.id} data-testid={`diag-param-${p.id}`}>
                <td>
                  <span className="swatch" style={{ background: seriesColor(Math.max(0, grads.ids.indexOf(p.id))) }} />
                  {p.id}
                  {p.frozen && <span className="muted"> (frozen)</span>}
                </td>
                <td>{formatValue(p.weightNorm)}</td>
                <td>{formatValue(p.gradNorm)}</td>
                <td className={ratioOff(p.updateRatio) ? 'diag-off' : undefined} title={ratioOff(p.updateRatio) ? 'far from 1e-3: the learning rate may be too high or too low for this param' : undefined}>
                  {p.updateRatio === null ? '–' : formatValue(p.updateRatio)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {samples.length > 1 && <CurveChart title="Gradient norm" note="(log)" spec={diagSpec(grads, { kind: 'grad', syncKey, version, height: 130 })} testId="diag-grad-norm" />}
      {samples.length > 1 && hasRatio && <CurveChart title="Update / weight ratio" note="(log)" spec={diagSpec(ratios, { kind: 'ratio', syncKey, version, height: 130 })} testId="diag-update-ratio" />}
    </div>
  );
}
