/** An op's documentation from the registry: label, description, formulas, ports and attrs with their types and defaults. */
import { memo } from 'react';
import type { OpDef } from '../../core/ops/define-op.js';
import { attrPlaceholder, attrTypeText } from '../model/attr-input.js';
import { Formula } from './Formula.js';

export const OpDoc = memo(function OpDoc({ op, brief = false }: { readonly op: OpDef; readonly brief?: boolean }) {
  return (
    <div className="opdoc">
      <div className="opdoc-head">
        <span className={`op-chip cat-${op.category.replace(/\s+/g, '-')}`}>{op.label}</span>
        <span className="opdoc-name">{op.name}</span>
        <span className="opdoc-cat">{op.category}</span>
      </div>
      <p className="opdoc-desc">{op.description}</p>
      <div className="opdoc-formula">
        <span className="opdoc-k">forward</span>
        <Formula tex={op.formula} />
      </div>
      <div className="opdoc-formula">
        <span className="opdoc-k">backward</span>
        <Formula tex={op.gradFormula} />
      </div>
      {!brief && op.inputs.length > 0 && (
        <ul className="opdoc-list">
          {op.inputs.map((p) => (
            <li key={p.name}>
              <code>{p.name}</code>
              {p.optional ? ' (optional)' : ''}: {p.description}
            </li>
          ))}
        </ul>
      )}
      {!brief && Object.keys(op.attrs).length > 0 && (
        <ul className="opdoc-list">
          {Object.entries(op.attrs).map(([name, spec]) => (
            <li key={name}>
              <code>{name}</code> <span className="muted">({attrTypeText(spec)}{attrPlaceholder(spec) ? `, default ${attrPlaceholder(spec)}` : ''})</span>: {spec.description}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
