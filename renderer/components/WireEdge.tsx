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
import { memo, useCallback } from 'react';
import { useApp } from '../app/app-context.js';
import type { WireFlowEdge } from '../model/flow.js';
import { gradBand, gradMagnitude, gradWidth } from '../model/grad-scale.js';
import { formatNumber } from '../model/tensor-text.js';
import { arrowPath, type CardEdges, returnLane, wireGeometry, type XY } from '../model/wire-geometry.js';
import { edgeGrad, edgeProblems, nodeGrad, nodeShape, nodeValue } from '../store/selectors.js';
import { WireLabels } from './WireLabels.js';

/** The higher of the two cards' top edges (flow y): a wire routed around them runs above it. */
function topOf(s: ReactFlowState, a: string, b: string): number {
  const ya = s.nodeLookup.get(a)?.internals.positionAbsolute.y;
  const yb = s.nodeLookup.get(b)?.internals.positionAbsolute.y;
  return Math.min(ya ?? Infinity, yb ?? Infinity);
}

/**
 * Where a wire from a card to one wholly below it runs back left (see returnLane), or NaN (a number, so the
 * selector's result compares by value). Only such wires look at the other cards.
 */
function laneOf(s: ReactFlowState, source: string, target: string, from: XY, to: XY): number {
  const a = s.nodeLookup.get(source);
  const b = s.nodeLookup.get(target);
  if (!a || !b || a.measured.height === undefined) return NaN;
  const bottom = a.internals.positionAbsolute.y + a.measured.height;
  const top = b.internals.positionAbsolute.y;
  if (returnLane(from, to, bottom, top) === undefined) return NaN;
  return returnLane(from, to, bottom, top, cardsOf(s)) ?? NaN;
}

function* cardsOf(s: ReactFlowState): Iterable<CardEdges> {
  for (const n of s.nodeLookup.values()) {
    const { width, height } = n.measured;
    if (width !== undefined && height !== undefined) yield { ...n.internals.positionAbsolute, width, height };
  }
}

export const WireEdge = memo(function WireEdge(props: EdgeProps<WireFlowEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, selected } = props;
  const top = useFlowStore(useCallback((s: ReactFlowState) => topOf(s, source, target), [source, target]));
  const lane = useFlowStore(
    useCallback((s: ReactFlowState) => laneOf(s, source, target, { x: sourceX, y: sourceY }, { x: targetX, y: targetY }), [source, target, sourceX, sourceY, targetX, targetY]),
  );
  const geo = wireGeometry({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, Number.isFinite(top) ? top : Math.min(sourceY, targetY) - 40, Number.isNaN(lane) ? undefined : lane);
  const shape = useApp((s) => nodeShape(s, source));
  const problems = useApp((s) => edgeProblems(s, id));
  const value = useApp((s) => nodeValue(s, source));
  // The gradient this edge carries back is its consumer's partial; where a value fans out, the partials differ per edge.
  const partial = useApp((s) => edgeGrad(s, id));
  const sourceGrad = useApp((s) => nodeGrad(s, source));
  const grad = partial ?? (value ? sourceGrad : undefined);
  const magnitude = grad ? gradMagnitude(grad.data) : undefined;
  const band = magnitude !== undefined ? gradBand(magnitude) : undefined;
  const cls = `wire${problems ? ' wire-problem' : ''}${selected ? ' wire-selected' : ''}${band ? ` wire-run wire-mag-${band}` : ''}${geo.routed ? ' wire-routed' : ''}`;
  const width = magnitude !== undefined ? gradWidth(magnitude) : undefined;
  const tip = { x: targetX - 4, y: targetY };

  return (
    <g className={cls} data-testid={`edge-${id}`} data-grad-magnitude={magnitude !== undefined ? formatNumber(magnitude) : undefined}>
      {problems && <title>{problems.join('\n')}</title>}
      <BaseEdge id={id} path={geo.d} interactionWidth={14} style={width !== undefined ? { strokeWidth: width } : undefined} />
      <path className="wire-arrow" d={arrowPath(tip, geo.endTangent, 6 + (width ?? 1.6))} />
      {grad && <path className="wire-back-arrow" d={arrowPath({ x: geo.mid.x - geo.tangent.x * 5, y: geo.mid.y - geo.tangent.y * 5 }, { x: -geo.tangent.x, y: -geo.tangent.y }, 7)} />}
      <WireLabels id={id} mid={geo.mid} tangent={geo.tangent} shape={shape} value={value} grad={grad} />
    </g>
  );
});
