/**
 * One run result in the inspector: its shape, its statistics (named as the
 * card names them), and the tensor itself as a table, a heatmap, or images
 * where its shape holds images. A scalar is just its number.
 */
import { memo, useMemo, useState } from 'react';
import type { HostTensor } from '../../../core/tensor/tensor.js';
import { formatShape } from '../../../core/tensor/shape.js';
import { imageLayout } from '../../model/tensor-layout.js';
import { formatStat, STAT_NAMES, tensorStats } from '../../model/tensor-stats.js';
import { formatNumber, previewValues } from '../../model/tensor-text.js';
import { TensorCanvas } from './TensorCanvas.js';
import { TensorTable } from './TensorTable.js';
import '../../styles/tensor.css';

type View = 'table' | 'heatmap' | 'image';

interface Props {
  readonly t: HostTensor;
  readonly kind: 'value' | 'grad';
  /** What the tensor is: "value", "gradient along this edge". */
  readonly title: string;
  /** Test id of the summary line (kept from before the views existed: `inspector-run-value`). */
  readonly summaryId: string;
  /** Prefix of the views' test ids: `<prefix>-stats`, `<prefix>-tab-heatmap`, `<prefix>-heatmap`... */
  readonly prefix: string;
}

export const TensorView = memo(function TensorView({ t, kind, title, summaryId, prefix }: Props) {
  const st = useMemo(() => (t.data.length > 1 ? tensorStats(t.data) : undefined), [t]);
  const layout = useMemo(() => imageLayout(t.shape), [t]);
  const [view, setView] = useState<View>(layout ? 'image' : 'heatmap');
  const views: View[] = layout ? ['table', 'heatmap', 'image'] : ['table', 'heatmap'];
  const cls = kind === 'value' ? 'run-value' : 'run-grad';
  if (!st) {
    return (
      <p className={cls} data-testid={prefix}>
        {title} <span data-testid={summaryId}>{formatNumber(t.data[0])}</span>
      </p>
    );
  }
  return (
    <div className="tensor-view" data-testid={prefix}>
      <p className={cls}>
        {title} <span className="muted">{formatShape(t.shape)}</span> <span data-testid={summaryId}>{previewValues(t.shape, t.data, 4)}</span>
      </p>
      <dl className="tensor-stats" data-testid={`${prefix}-stats`}>
        {STAT_NAMES.map((name) => (
          <div key={name} data-testid={`${prefix}-stat-${name}`}>
            <dt>{name}</dt>
            <dd>{formatStat(name, st)}</dd>
          </div>
        ))}
      </dl>
      <div className="tensor-tabs" role="tablist">
        {views.map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={`tensor-tab${view === v ? ' active' : ''}`} onClick={() => setView(v)} data-testid={`${prefix}-tab-${v}`}>
            {v}
          </button>
        ))}
      </div>
      {view === 'table' && <TensorTable t={t} testId={`${prefix}-table`} />}
      {view === 'heatmap' && <TensorCanvas key="heatmap" t={t} mode="heatmap" testId={`${prefix}-heatmap`} />}
      {view === 'image' && layout && <TensorCanvas key="image" t={t} mode="image" layout={layout} testId={`${prefix}-image`} />}
    </div>
  );
});
