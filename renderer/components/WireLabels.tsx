/**
 * What a wire says: the value flowing forward on one side of it (green) and
 * the gradient flowing back along it on the other (red), as in the cs231n
 * circuit diagrams. Scalars as numbers; tensors as their shape, a thumbnail
 * of the value and one of the gradient with its rms. Each group is placed
 * beside the wire's midpoint, clear of the wire, so the two never meet.
 */
import type { HostTensor } from '../../core/tensor/tensor.js';
import { formatShape } from '../../core/tensor/shape.js';
import { cardStat } from '../model/tensor-stats.js';
import { formatNumber } from '../model/tensor-text.js';
import { labelCentre, textWidth, type XY } from '../model/wire-geometry.js';
import { THUMB, TensorThumb } from './tensor/TensorThumb.js';

const LINE = 13;

interface Props {
  readonly id: string;
  readonly mid: XY;
  readonly tangent: XY;
  readonly shape: readonly number[] | undefined;
  readonly value: HostTensor | undefined;
  readonly grad: HostTensor | undefined;
}

export function WireLabels({ id, mid, tangent, shape, value, grad }: Props) {
  const scalar = value !== undefined && value.data.length === 1;
  // Scalars are the common case in gate-level graphs; labelling every wire `[]` would only add noise.
  const shapeText = !scalar && shape && shape.length > 0 ? formatShape(shape) : undefined;

  // Above the wire: the scalar value, or the shape followed by the value's thumbnail.
  let above = null;
  if (scalar) {
    const text = formatNumber(value.data[0]);
    const c = labelCentre(mid, tangent, { width: textWidth(text), height: LINE }, 'above');
    above = (
      <text className="wire-value" x={c.x} y={c.y + 4} textAnchor="middle" data-testid={`edge-value-${id}`}>
        {text}
      </text>
    );
  } else if (shapeText !== undefined || value) {
    // Stacked (shape over thumbnail) rather than side by side: cards are often only 40 px apart.
    const w = Math.max(shapeText !== undefined ? textWidth(shapeText) : 0, value ? THUMB.width : 0);
    const h = (shapeText !== undefined ? LINE : 0) + (value ? THUMB.height + 1 : 0);
    const c = labelCentre(mid, tangent, { width: w, height: h }, 'above');
    const topY = c.y - h / 2;
    above = (
      <>
        {shapeText !== undefined && (
          <text className="wire-shape" x={c.x} y={topY + 10} textAnchor="middle" data-testid={`edge-shape-${id}`}>
            {shapeText}
          </text>
        )}
        {value && <TensorThumb t={value} x={c.x - THUMB.width / 2} y={topY + h - THUMB.height} kind="value" testId={`edge-thumb-value-${id}`} />}
      </>
    );
  }

  // Below: the gradient this edge carries back, as a number, or a thumbnail and its rms.
  let below = null;
  if (grad && grad.data.length === 1) {
    const text = formatNumber(grad.data[0]);
    const c = labelCentre(mid, tangent, { width: textWidth(text), height: LINE }, 'below');
    below = (
      <text className="wire-grad" x={c.x} y={c.y + 4} textAnchor="middle" data-testid={`edge-grad-${id}`}>
        {text}
      </text>
    );
  } else if (grad) {
    const st = cardStat(grad, 'grad');
    const text = `${st.label} ${st.text}`;
    const w = Math.max(THUMB.width, textWidth(text));
    const h = THUMB.height + 1 + LINE;
    const c = labelCentre(mid, tangent, { width: w, height: h }, 'below');
    const topY = c.y - h / 2;
    below = (
      <>
        <TensorThumb t={grad} x={c.x - THUMB.width / 2} y={topY} kind="grad" testId={`edge-thumb-grad-${id}`} />
        <g>
          <title>{st.title}</title>
          <text className="wire-grad" x={c.x} y={topY + THUMB.height + 11} textAnchor="middle" data-testid={`edge-grad-${id}`}>
            {text}
          </text>
        </g>
      </>
    );
  }
  return (
    <g className="wire-labels">
      {above}
      {below}
    </g>
  );
}
