/**
 * An edge: a wire from its source's output to its target's port, with an
 * arrowhead at the target (the forward direction) and, after Run, a red
 * chevron pointing back (the gradient's direction). Its width and colour
 * come from the magnitude of the gradient flowing back along it, on the
 * absolute log scale of model/grad-scale.ts that the legend explains. Red and
 * dashed with core's message when a problem names it (a cycle's edges too,
 * which are routed above the cards rather than behind them). Labels are SVG,
 * cheaper than HTML for big graphs.
 */
import { BaseEdge, type EdgeProps, type ReactFlowState, useStore as useFlowStore } from '@xyflow/react';
import { memo, useCallback, useContext } from 'react';
import { useApp } from '../app/app-context.js';
import type { WireFlowEdge } from '../model/flow.js';
import { gradBand, gradMagnitude, gradWidth } from '../model/grad-scale.js';
import { formatNumber } from '../model/tensor-text.js';
import { arrowPath } from '../model/wire-geometry.js';
import { drawnWire, laneOf, topOf } from '../model/wire-lanes.js';
import { edgeProblems, nodeShape, nodeValue, wireGrad } from '../store/selectors.js';
import { LabelLayoutContext } from './label-layout.js';
import { wireLabelContent, WireLabels } from './WireLabels.js';

export const WireEdge = memo(function WireEdge(props: EdgeProps<WireFlowEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, selected } = props;
  const top = useFlowStore(useCallback((s: ReactFlowState) => topOf(s, source, target), [source, target]));
  const lane = useFlowStore(
    useCallback((s: ReactFlowState) => laneOf(s, source, target, { x: sourceX, y: sourceY }, { x: targetX, y: targetY }), [source, target, sourceX, sourceY, targetX, targetY]),
  );
  const geo = drawnWire({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, top, lane);
  const shape = useApp((s) => nodeShape(s, source));
  const problems = useApp((s) => edgeProblems(s, id));
  const value = useApp((s) => nodeValue(s, source));
  const grad = useApp((s) => wireGrad(s, id, source));
  const magnitude = grad ? gradMagnitude(grad.data) : undefined;
  const band = magnitude !== undefined ? gradBand(magnitude) : undefined;
  const cls = `wire${problems ? ' wire-problem' : ''}${selected ? ' wire-selected' : ''}${band ? ` wire-run wire-mag-${band}` : ''}${geo.routed ? ' wire-routed' : ''}`;
  const width = magnitude !== undefined ? gradWidth(magnitude) : undefined;
  const tip = { x: targetX - 4, y: targetY };
  const placement = useContext(LabelLayoutContext)?.get(id);
  // The chevron pointing back stands where the labels are: on a crowded wire they may have moved off its middle.
  const back = placement ?? { at: geo.mid, tangent: geo.tangent };

  return (
    <g className={cls} data-testid={`edge-${id}`} data-grad-magnitude={magnitude !== undefined ? formatNumber(magnitude) : undefined}>
      {problems && <title>{problems.join('\n')}</title>}
      <BaseEdge id={id} path={geo.d} interactionWidth={14} style={width !== undefined ? { strokeWidth: width } : undefined} />
      <path className="wire-arrow" d={arrowPath(tip, geo.endTangent, 6 + (width ?? 1.6))} />
      {grad && <path className="wire-back-arrow" d={arrowPath({ x: back.at.x - back.tangent.x * 5, y: back.at.y - back.tangent.y * 5 }, { x: -back.tangent.x, y: -back.tangent.y }, 7)} />}
      <WireLabels id={id} mid={geo.mid} tangent={geo.tangent} content={wireLabelContent(shape, value, grad)} placement={placement} />
    </g>
  );
});
