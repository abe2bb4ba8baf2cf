/**
 * What a wire says: the value flowing forward on one side of it (green) and
 * the gradient flowing back along it on the other (red), as in the cs231n
 * circuit diagrams. Scalars as numbers; tensors as their shape, a thumbnail
 * of the value and one of the gradient with its rms, or, where the cards
 * leave no room for that (model/label-placement.ts decides, for all wires
 * at once), the two thumbnails alone, with the shape and the rms in their
 * tooltips. Without a placement the labels stand beside the wire's midpoint.
 */
import type { HostTensor } from '../../core/tensor/tensor.js';
import { formatShape } from '../../core/tensor/shape.js';
import type { LabelPlacement } from '../model/label-placement.js';
import { cardStat } from '../model/tensor-stats.js';
import { formatNumber } from '../model/tensor-text.js';
import { labelCentre, type LabelBox, textWidth, type XY } from '../model/wire-geometry.js';
import { MINI_THUMB, THUMB, TensorThumb } from './tensor/TensorThumb.js';

const LINE = 13;

/** What a wire's labels show, and the sizes of their variants (fullest first) for placement. */
export interface WireLabelContent {
  readonly shapeText?: string;
  readonly value?: HostTensor;
  readonly grad?: HostTensor;
  readonly above: readonly LabelBox[];
  readonly below: readonly LabelBox[];
}

const isScalar = (t: HostTensor | undefined): t is HostTensor => t !== undefined && t.data.length === 1;

export function wireLabelContent(shape: readonly number[] | undefined, value: HostTensor | undefined, grad: HostTensor | undefined): WireLabelContent {
  // Scalars are the common case in gate-level graphs; labelling every wire `[]` would only add noise.
  const shapeText = !isScalar(value) && shape && shape.length > 0 ? formatShape(shape) : undefined;
  let above: LabelBox[] = [];
  if (isScalar(value)) above = [{ width: textWidth(formatNumber(value.data[0])), height: LINE }];
  else if (shapeText !== undefined || value) {
    // Stacked (shape over thumbnail) rather than side by side: cards are often only 40 px apart.
    const full = { width: Math.max(shapeText !== undefined ? textWidth(shapeText) : 0, value ? THUMB.width : 0), height: (shapeText !== undefined ? LINE : 0) + (value ? THUMB.height + 1 : 0) };
    above = value ? [full, THUMB, MINI_THUMB] : [full];
  }
  let below: LabelBox[] = [];
  if (isScalar(grad)) below = [{ width: textWidth(formatNumber(grad.data[0])), height: LINE }];
  else if (grad) {
    const st = cardStat(grad, 'grad');
    below = [{ width: Math.max(THUMB.width, textWidth(`${st.label} ${st.text}`)), height: THUMB.height + 1 + LINE }, THUMB, MINI_THUMB];
  }
  return { ...(shapeText !== undefined && { shapeText }), ...(value && { value }), ...(grad && { grad }), above, below };
}

interface Props {
  readonly id: string;
  readonly mid: XY;
  readonly tangent: XY;
  readonly content: WireLabelContent;
  readonly placement: LabelPlacement | undefined;
}

export function WireLabels({ id, mid, tangent, content, placement }: Props) {
  const { shapeText, value, grad } = content;
  const variant = placement?.variant ?? 0;
  const compact = variant > 0;
  // Variant 1: the thumbnails alone; 2: smaller ones.
  const thumb = variant > 1 ? MINI_THUMB : THUMB;
  const centre = (boxes: readonly LabelBox[], side: 'above' | 'below'): XY | undefined => {
    const box = boxes[Math.min(variant, boxes.length - 1)];
    if (!box) return undefined;
    return (side === 'above' ? placement?.above : placement?.below) ?? labelCentre(mid, tangent, box, side);
  };

  // Above the wire: the scalar value, or the shape over the value's thumbnail (the thumbnail alone when compact).
  let above = null;
  const ca = centre(content.above, 'above');
  if (ca && isScalar(value)) {
    above = (
      <text className="wire-value" x={ca.x} y={ca.y + 4} textAnchor="middle" data-testid={`edge-value-${id}`}>
        {formatNumber(value.data[0])}
      </text>
    );
  } else if (ca) {
    const showShape = shapeText !== undefined && !(compact && value);
    const h = (showShape ? LINE : 0) + (value ? thumb.height + 1 : 0);
    const topY = ca.y - h / 2;
    above = (
      <>
        {showShape && (
          <text className="wire-shape" x={ca.x} y={topY + 10} textAnchor="middle" data-testid={`edge-shape-${id}`}>
            {shapeText}
          </text>
        )}
        {value && (
          <g>
            {compact && shapeText !== undefined && <title>{`shape ${shapeText}`}</title>}
            <TensorThumb t={value} x={ca.x - thumb.width / 2} y={topY + h - thumb.height} kind="value" testId={`edge-thumb-value-${id}`} size={thumb} />
          </g>
        )}
      </>
    );
  }

  // Below: the gradient this edge carries back, as a number, or a thumbnail over its rms (the thumbnail alone when compact).
  let below = null;
  const cb = centre(content.below, 'below');
  if (cb && isScalar(grad)) {
    below = (
      <text className="wire-grad" x={cb.x} y={cb.y + 4} textAnchor="middle" data-testid={`edge-grad-${id}`}>
        {formatNumber(grad.data[0])}
      </text>
    );
  } else if (cb && grad) {
    const st = cardStat(grad, 'grad');
    const h = thumb.height + (compact ? 0 : 1 + LINE);
    const topY = cb.y - h / 2;
    below = (
      <>
        <g>
          {compact && <title>{`${st.title}: ${st.label} ${st.text}`}</title>}
          <TensorThumb t={grad} x={cb.x - thumb.width / 2} y={topY} kind="grad" testId={`edge-thumb-grad-${id}`} size={thumb} />
        </g>
        {!compact && (
          <g>
            <title>{st.title}</title>
            <text className="wire-grad" x={cb.x} y={topY + THUMB.height + 11} textAnchor="middle" data-testid={`edge-grad-${id}`}>
              {`${st.label} ${st.text}`}
            </text>
          </g>
        )}
      </>
    );
  }
  return (
    <g className={`wire-labels${compact ? ' wire-labels-compact' : ''}`} data-testid={`edge-labels-${id}`} data-clear={placement ? String(placement.clear) : undefined}>
      {above}
      {below}
    </g>
  );
}
