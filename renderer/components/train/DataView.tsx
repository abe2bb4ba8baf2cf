/**
 * The training data: a 2-D set as a scatter plot (over the decision boundary
 * when given), an image set as a grid of thumbnails (with predictions and a
 * confusion matrix when given).
 */
import { type BoundaryGrid, type DatasetView, type PredictionsView } from '../../../core/studio/protocol.js';
import { classColor } from '../../model/class-palette.js';
import '../../styles/train.css';
import { ConfusionMatrix } from './ConfusionMatrix.js';
import { DataScatter } from './DataScatter.js';
import { ImageGrid } from './ImageGrid.js';

export interface DataViewProps {
  readonly data: DatasetView;
  readonly boundary?: BoundaryGrid;
  readonly predictions?: PredictionsView;
}

export function DataView({ data, boundary, predictions }: DataViewProps): React.JSX.Element {
  const planar = data.sampleShape.length === 1 && data.sampleShape[0] === 2;
  const image = data.sampleShape.length === 3 || data.sampleShape.length === 2;
  const counts = `${data.trainCount} train${data.valCount > 0 ? ` · ${data.valCount} validation` : ''}`;
  return (
    <div className="data-view" data-testid="data-view">
      <div className="data-head">
        <h4 className="train-h">
          Data <span className="train-note">{data.name}</span>
        </h4>
        <span className="data-counts">{counts}</span>
      </div>
      {planar && (
        <>
          <DataScatter data={data} boundary={boundary} />
          <ul className="data-legend">
            {Array.from({ length: data.numClasses }, (_, c) => (
              <li key={c} style={{ color: classColor(c) }}>
                <span className="data-swatch filled" />
                <span className="muted">{data.classNames?.[c] ?? `class ${c}`}</span>
              </li>
            ))}
            {data.valCount > 0 && (
              <li style={{ color: 'var(--text-2)' }}>
                <span className="data-swatch" /> validation
              </li>
            )}
            {boundary && <li className="muted">shade: {boundary.kind === 'probability' ? 'predicted class, paler where unsure' : 'softmax of the scores'}</li>}
          </ul>
        </>
      )}
      {image && (
        <>
          <span className="muted">
            {data.shown.labels.length} {data.valCount > 0 ? 'validation' : 'training'} images{predictions ? ` · predictions at step ${predictions.step}` : ''}
          </span>
          <ImageGrid data={data} predictions={predictions} />
        </>
      )}
      {!planar && !image && <p className="train-empty muted">Samples of shape [{data.sampleShape.join(', ')}] have no picture here.</p>}
      {predictions && predictions.confusion.length > 0 && <ConfusionMatrix confusion={predictions.confusion} classNames={data.classNames} />}
    </div>
  );
}
