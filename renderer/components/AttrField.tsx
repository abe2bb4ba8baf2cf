/**
 * One typed attr field, built from its AttrSpec: number/int inputs with
 * min/max, a checkbox for bool, a select for enum, text for axes/ints/pair.
 * Text is checked with core's resolveAttr as it is typed: a valid value is
 * applied at once (typing merges into one undo step), an invalid one turns
 * the field red with core's message and is not applied. The refused text is
 * kept in the store (attrDrafts), so the card and the inspector both show it,
 * marked, until it is fixed or Escape drops it.
 */
import { memo, useEffect, useState } from 'react';
import type { AttrSpec } from '../../core/ops/attrs.js';
import { attrPlaceholder, attrText, attrTypeText, parseAttrText } from '../model/attr-input.js';
import { useApp, useServices } from '../app/app-context.js';
import { attrDraftKey } from '../store/types.js';

interface Props {
  readonly nodeId: string;
  readonly name: string;
  readonly spec: AttrSpec;
  readonly raw: unknown;
  /** Card fields are compact and carry React Flow's `nodrag`/`nowheel` classes. */
  readonly compact: boolean;
  readonly testId: string;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export const AttrField = memo(function AttrField({ nodeId, name, spec, raw, compact, testId }: Props) {
  const { store } = useServices();
  const [draft, setDraft] = useState<string | null>(null);
  const refused = useApp((s) => s.attrDrafts.get(attrDraftKey(nodeId, name)));
  const error = refused?.message ?? null;
  // An undo or an edit elsewhere replaces what the field shows, unless the user is mid-way through an invalid entry.
  useEffect(() => {
    if (error === null) setDraft(null);
  }, [raw, error]);

  const apply = (value: unknown) => {
    if (!sameValue(value, raw)) store.getState().dispatch({ kind: 'set-attr', node: nodeId, name, value });
  };
  const onText = (text: string) => {
    setDraft(text);
    const r = parseAttrText(name, spec, text);
    if (r.ok) {
      store.getState().setAttrDraft(nodeId, name, null);
      apply(r.value);
    } else {
      store.getState().setAttrDraft(nodeId, name, { text, message: r.message });
    }
  };
  const reset = () => {
    setDraft(null);
    store.getState().setAttrDraft(nodeId, name, null);
  };

  const label = `${name} of ${nodeId}`;
  const help = `${name}: ${spec.description} (${attrTypeText(spec)}${attrPlaceholder(spec) ? `; default ${attrPlaceholder(spec)}` : ''})`;
  const cls = `attr-input${compact ? ' nodrag nowheel' : ''}${error ? ' invalid' : ''}`;
  let input;
  switch (spec.type) {
    case 'bool': {
      const checked = typeof raw === 'boolean' ? raw : spec.default === true;
      input = <input type="checkbox" className={cls} checked={checked} aria-label={label} data-testid={testId} onChange={(e) => apply(e.target.checked)} />;
      break;
    }
    case 'enum': {
      const value = typeof raw === 'string' ? raw : '';
      const unset = spec.default !== undefined ? `${spec.default} (default)` : '—';
      input = (
        <select className={cls} value={value} aria-label={label} data-testid={testId} onChange={(e) => apply(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{unset}</option>
          {spec.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
          {value !== '' && !spec.values.includes(value) && <option value={value}>{value} (invalid)</option>}
        </select>
      );
      break;
    }
    default: {
      // A text input in the spinbutton role rather than type="number": a number input hides what the user
      // typed when it is not a number yet ("-", "1e"), and the field must show it, in red, with the reason.
      const numeric = spec.type === 'number' || spec.type === 'int';
      const current = typeof raw === 'number' ? raw : undefined;
      input = (
        <input
          type="text"
          inputMode={numeric ? 'decimal' : 'text'}
          role={numeric ? 'spinbutton' : undefined}
          className={cls}
          value={refused?.text ?? draft ?? attrText(raw)}
          placeholder={attrPlaceholder(spec)}
          aria-label={label}
          aria-invalid={error !== null}
          data-testid={testId}
          {...(numeric && spec.min !== undefined ? { 'aria-valuemin': spec.min } : {})}
          {...(numeric && spec.max !== undefined ? { 'aria-valuemax': spec.max } : {})}
          {...(current !== undefined ? { 'aria-valuenow': current } : {})}
          spellCheck={false}
          onChange={(e) => onText(e.target.value)}
          onBlur={() => {
            if (error === null) setDraft(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') reset();
            if (spec.type === 'int' && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
              e.preventDefault();
              const base = current ?? (typeof spec.default === 'number' ? spec.default : 0);
              onText(String(base + (e.key === 'ArrowUp' ? 1 : -1)));
            }
          }}
        />
      );
    }
  }
  return (
    <label className={compact ? 'attr attr-compact' : 'attr'} title={error ?? help}>
      <span className="attr-name">{name}</span>
      {input}
      {error && (
        <span className="attr-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </label>
  );
});
