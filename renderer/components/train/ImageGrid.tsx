/**
 * Image samples as a grid of greyscale thumbnails (pixelated, so single
 * pixels stay visible), each with its label, and once predictions come, the
 * predicted class under it: mistakes get a red border.
 */
import { useEffect, useRef } from 'react';
import type { DatasetView, PredictionsView } from '../../../core/studio/protocol.js';
import { greyscalePixels } from '../../model/image-pixels.js';

export interface ImageGridProps {
  readonly data: DatasetView;
  readonly predictions?: PredictionsView;
}

const className = (data: DatasetView, c: number): string => data.classNames?.[c] ?? String(c);

function Thumb({ features, index, h, w }: { features: Float32Array; index: number; h: number; w: number }): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    ref.current?.getContext('2d')?.putImageData(new ImageData(greyscalePixels(features, index, h, w), w, h), 0, 0);
  }, [features, index, h, w]);
  return <canvas ref={ref} width={w} height={h} />;
}

export function ImageGrid({ data, predictions }: ImageGridProps): React.JSX.Element {
  const h = data.sampleShape.at(-2) ?? 1;
  const w = data.sampleShape.at(-1) ?? 1;
  const { features, labels } = data.shown;
  return (
    <div className="data-images" data-testid="data-images">
      {Array.from(labels, (label, i) => {
        const pred = predictions && i < predictions.predicted.length ? predictions.predicted[i] : undefined;
        const wrong = pred !== undefined && pred !== label;
        const state = pred === undefined ? '' : wrong ? ' wrong' : ' right';
        return (
          <figure key={i} className={`data-image${state}`} data-testid={`data-image-${i}`} title={`sample ${i}: label ${className(data, label)}${pred !== undefined ? `, predicted ${className(data, pred)}` : ''}`} style={{ margin: 0 }}>
            <Thumb features={features} index={i} h={h} w={w} />
            <span>{className(data, label)}</span>
            {pred !== undefined && <span className="pred">{wrong ? `pred ${className(data, pred)}` : '✓'}</span>}
          </figure>
        );
      })}
    </div>
  );
}
