/**
 * One activation layer's health at the latest probe: the histogram of its
 * activations and of its gradients (on axes shared with the other layers),
 * their mean and spread, the share of dead or saturated units, and the mean
 * ± std of its activations over time.
 */
import type { LayerHealth } from '../../../core/studio/protocol.js';
import { formatShare, formatValue } from '../../model/chart-format.js';
import { histogramBars } from '../../model/diagnostics-series.js';

/** Above this share of dead or saturated units the layer is flagged (cs231n's worry zone). */
export const WARN_SHARE = 0.2;

export interface LayerCardProps {
  readonly layer: LayerHealth;
  readonly valueRange: readonly [number, number];
  readonly gradRange: readonly [number, number];
  /** Mean and std of the activations over the probe steps (null where the layer was absent). */
  readonly means: readonly (number | null)[];
  readonly stds: readonly (number | null)[];
}

function Bars({ h, range, height, color }: { h: LayerHealth['values']; range: readonly [number, number]; height: number; color: string }): React.JSX.Element {
  const zero = range[0] < 0 && range[1] > 0 ? ((0 - range[0]) / (range[1] - range[0])) * 100 : undefined;
  return (
    <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" style={{ aspectRatio: `100 / ${height}` }} aria-hidden="true">
      <rect x={0} y={0} width={100} height={height} style={{ fill: 'var(--canvas)' }} />
      {zero !== undefined && <line x1={zero} x2={zero} y1={0} y2={height} style={{ stroke: 'var(--line-strong)' }} strokeWidth={0.6} />}
      {histogramBars(h, range).map((b, i) => {
        const x = b.x0 * 100;
        // Very narrow bars (a layer collapsed to zero) still show as a visible sliver.
        const w = Math.max((b.x1 - b.x0) * 100, 1.2);
        const bh = Math.max(b.height * (height - 1), 0.8);
        return <rect key={i} x={x} y={height - bh} width={w} height={bh} fill={color} />;
      })}
    </svg>
  );
}

function Spark({ means, stds }: { means: readonly (number | null)[]; stds: readonly (number | null)[] }): React.JSX.Element | null {
  const pts = means.flatMap((m, i) => (m === null || stds[i] === null ? [] : [{ i, m, s: stds[i] ?? 0 }]));
  if (pts.length < 2) return null;
  const lo = Math.min(...pts.map((p) => p.m - p.s));
  const hi = Math.max(...pts.map((p) => p.m + p.s));
  const span = hi - lo || 1;
  const H = 24;
  const x = (i: number): number => (i / (means.length - 1)) * 100;
  const y = (v: number): number => H - 1 - ((v - lo) / span) * (H - 2);
  const band = [...pts.map((p) => `${x(p.i)},${y(p.m + p.s)}`), ...[...pts].reverse().map((p) => `${x(p.i)},${y(p.m - p.s)}`)].join(' ');
  const line = pts.map((p) => `${x(p.i)},${y(p.m)}`).join(' ');
  return (
    <svg viewBox={`0 0 100 ${H}`} preserveAspectRatio="none" style={{ aspectRatio: `100 / ${H}` }} role="img" aria-label="mean ± std over time">
      <polygon points={band} fill="rgba(79, 70, 229, 0.15)" />
      <polyline points={line} fill="none" stroke="#4f46e5" strokeWidth={1.2} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

export function LayerCard({ layer, valueRange, gradRange, means, stds }: LayerCardProps): React.JSX.Element {
  const share = layer.dead ?? layer.saturated;
  const shareName = layer.dead !== undefined ? 'dead' : 'saturated';
  return (
    <div className="diag-layer" data-testid={`diag-layer-${layer.id}`} data-std={layer.std} title={`${layer.id} (${layer.op}): activations on [${formatValue(valueRange[0])}, ${formatValue(valueRange[1])}]`}>
      <span className="diag-layer-name">
        {layer.id} <span className="diag-layer-op">{layer.op}</span>
      </span>
      <Bars h={layer.values} range={valueRange} height={40} color="#4f46e5" />
      <span className="diag-axis">
        <span>{formatValue(valueRange[0])}</span>
        <span>{formatValue(valueRange[1])}</span>
      </span>
      <span className="stat">μ {formatValue(layer.mean)}</span>
      <span className="stat">σ {formatValue(layer.std)}</span>
      {share !== undefined && (
        <span className={share > WARN_SHARE ? 'diag-warn' : 'stat'}>
          {formatShare(share)} {shareName}
        </span>
      )}
      <Bars h={layer.grads} range={gradRange} height={22} color="#d92d20" />
      <span className="stat">∇σ {formatValue(layer.gradStd)}</span>
      <Spark means={means} stds={stds} />
    </div>
  );
}
