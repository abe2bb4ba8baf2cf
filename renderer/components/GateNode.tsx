/**
 * A node on the canvas, drawn entirely from its op's registry record: the
 * op's label, one handle per input port (left, named), one output handle
 * (right), inline attr fields, a value preview for sources, and after Run
 * the value (green) and gradient (red). Memoised; it re-renders only when its
 * own document node, problems, shape or run values change.
 */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo, useEffect } from 'react';
import { getOp } from '../../core/ops/registry.js';
import { formatShape } from '../../core/tensor/shape.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { useApp } from '../app/app-context.js';
import { labelOf } from '../model/doc-edit.js';
import type { GateFlowNode } from '../model/flow.js';
import { inlineAttrs, tensorAttrs } from '../model/op-catalog.js';
import { summarizeLiteral } from '../model/tensor-text.js';
import { cardStat } from '../model/tensor-stats.js';
import { nodeGrad, nodeOutEdges, nodeProblems, nodeShape, nodeValue } from '../store/selectors.js';
import { FanOutNote } from './FanOutNote.js';
import { debugNodeClass } from '../store/debug-selectors.js';
import { AttrField } from './AttrField.js';
import { BreakpointToggle } from './debug/BreakpointToggle.js';
import { HoverCard } from './HoverCard.js';
import { prerenderFormulas } from './Formula.js';
import { OpDoc } from './OpDoc.js';
import { count } from '../model/plural.js';

export function categoryClass(category: string): string {
  return `cat-${category.replace(/\s+/g, '-')}`;
}

/** A run result on the card: a scalar itself, a tensor as one statistic named as the inspector names it (`mean`, `rms`). */
function RunNumber({ t, kind }: { readonly t: HostTensor; readonly kind: 'value' | 'grad' }) {
  const { label, text, title } = cardStat(t, kind);
  return (
    <span className={kind === 'value' ? 'run-value' : 'run-grad'} title={title}>
      {kind === 'grad' ? '∇ ' : ''}
      {label && <span className="run-stat">{label} </span>}
      {text}
    </span>
  );
}

export const GateNode = memo(function GateNode({ id, data, selected }: NodeProps<GateFlowNode>) {
  const { node, isOutput } = data;
  const op = getOp(node.op);
  const problems = useApp((s) => nodeProblems(s, id));
  const shape = useApp((s) => nodeShape(s, id));
  const value = useApp((s) => nodeValue(s, id));
  const grad = useApp((s) => nodeGrad(s, id));
  const consumers = useApp((s) => nodeOutEdges(s, id));
  const debugCls = useApp((s) => debugNodeClass(s, id));
  useEffect(() => {
    if (op) prerenderFormulas([op.formula, op.gradFormula]);
  }, [op]);
  const label = labelOf(node);
  const cls = ['gate', op ? categoryClass(op.category) : 'cat-unknown', selected ? 'selected' : '', problems ? 'has-problem' : '', isOutput ? 'is-output' : '', debugCls].join(' ');
  const summary = `${label}: ${node.op}${shape ? ` ${formatShape(shape)}` : ''}${problems ? `; ${count(problems.length, 'problem')}` : ''}`;

  return (
    <div className={cls} data-testid={`node-${id}`} aria-label={summary} title={problems ? problems.join('\n') : undefined}>
      <HoverCard className="gate-head" content={() => (op ? <OpDoc op={op} brief /> : <p>unknown op “{node.op}”</p>)}>
        <BreakpointToggle id={id} />
        <span className="gate-op">{op?.label ?? node.op}</span>
        <span className="gate-label" title={label}>
          {label}
        </span>
        {isOutput && <span className="gate-badge" title="the output: backward starts here">out</span>}
        {problems && (
          <span className="gate-warn" data-testid={`node-problem-${id}`} aria-label={`problems: ${problems.join('; ')}`}>
            !
          </span>
        )}
      </HoverCard>
      {op?.inputs.map((port) => (
        <div key={port.name} className={`gate-port${port.optional ? ' optional' : ''}`} title={`${port.name}: ${port.description}`}>
          <Handle type="target" position={Position.Left} id={port.name} className="handle-in" data-testid={`port-${id}-${port.name}`} aria-label={`input ${port.name} of ${id}`} />
          <span>{port.name}</span>
        </div>
      ))}
      {op &&
        !value &&
        tensorAttrs(op).map((name) =>
          node.attrs?.[name] !== undefined ? (
            <div key={name} className="gate-value" data-testid={`node-value-${id}`}>
              {summarizeLiteral(node.attrs[name])}
            </div>
          ) : null,
        )}
      {op &&
        inlineAttrs(op, node).map(([name, spec]) => (
          <AttrField key={name} nodeId={id} name={name} spec={spec} raw={node.attrs?.[name]} compact testId={`attr-${id}-${name}`} />
        ))}
      {(value || grad) && (
        <div className="gate-run" data-testid={`node-run-${id}`}>
          {value && <RunNumber t={value} kind="value" />}
          {grad && <RunNumber t={grad} kind="grad" />}
        </div>
      )}
      {grad && consumers.length > 1 && <FanOutNote id={id} edges={consumers} grad={grad} />}
      <Handle type="source" position={Position.Right} id="out" className="handle-out" data-testid={`port-${id}-out`} aria-label={`output of ${id}`} />
    </div>
  );
});
