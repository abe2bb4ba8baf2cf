/**
 * An edge: a bezier wire labelled with the shape flowing along it
 * (`[128, 256]`), red with core's message when a problem names it, and after
 * Run the value above (green) and the gradient below (red), as in the cs231n
 * circuit diagrams. Labels are SVG text, cheaper than HTML for big graphs.
 */
import { BaseEdge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { formatShape } from '../../core/tensor/shape.js';
import { useApp } from '../app/app-context.js';
import type { WireFlowEdge } from '../model/flow.js';
import { formatNumber } from '../model/tensor-text.js';
import { edgeProblems, nodeGrad, nodeShape, nodeValue } from '../store/selectors.js';

export const WireEdge = memo(function WireEdge(props: EdgeProps<WireFlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const shape = useApp((s) => nodeShape(s, source));
  const problems = useApp((s) => edgeProblems(s, id));
  const value = useApp((s) => nodeValue(s, source));
  const grad = useApp((s) => nodeGrad(s, source));
  // Values ride on the wire only when they are single numbers, as in the cs231n circuit diagrams; a tensor's
  // summary is on its card and in the inspector, and its wire keeps the shape label.
  const scalarRun = value !== undefined && value.data.length === 1;
  const cls = `wire${problems ? ' wire-problem' : ''}${selected ? ' wire-selected' : ''}${scalarRun ? ' wire-run' : ''}`;
  // Scalars are the common case in gate-level graphs; labelling every wire `[]` would only add noise.
  const shapeText = shape && shape.length > 0 ? formatShape(shape) : undefined;

  return (
    <g className={cls} data-testid={`edge-${id}`}>
      {problems && <title>{problems.join('\n')}</title>}
      <BaseEdge id={id} path={path} interactionWidth={14} />
      {scalarRun ? (
        <>
          <text className="wire-value" x={labelX} y={labelY - 6} textAnchor="middle" data-testid={`edge-value-${id}`}>
            {formatNumber(value.data[0])}
          </text>
          {grad && (
            <text className="wire-grad" x={labelX} y={labelY + 14} textAnchor="middle" data-testid={`edge-grad-${id}`}>
              {formatNumber(grad.data[0])}
            </text>
          )}
        </>
      ) : (
        shapeText && (
          <text className="wire-shape" x={labelX} y={labelY - 5} textAnchor="middle" data-testid={`edge-shape-${id}`}>
            {shapeText}
          </text>
        )
      )}
    </g>
  );
});
