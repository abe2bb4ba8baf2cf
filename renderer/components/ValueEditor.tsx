/**
 * The stored value of an input/const/param: a table of number fields for up
 * to a few hundred values (each cell checked as typed), a JSON/number-list
 * text field validated with core's literal parser, and for large stored
 * weights a summary instead of the numbers.
 */
import { memo, useEffect, useState } from 'react';
import { formatShape, sizeOf } from '../../core/tensor/shape.js';
import { useServices } from '../app/app-context.js';
import { formatNumber, literalInfo, literalLike, literalText, MAX_TABLE_ELEMENTS, parseValueText, stats } from '../model/tensor-text.js';

interface Props {
  readonly nodeId: string;
  readonly name: string;
  readonly raw: unknown;
}

function indexLabel(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

const Cell = memo(function Cell({ value, label, onValue }: { readonly value: number; readonly label: string; readonly onValue: (v: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const bad = draft !== null && !Number.isFinite(Number(draft.trim() === '' ? 'x' : draft));
  return (
    <input
      className={`cell${bad ? ' invalid' : ''}`}
      inputMode="decimal"
      value={draft ?? String(value)}
      aria-label={label}
      aria-invalid={bad}
      title={bad ? `${label}: not a number` : label}
      onChange={(e) => {
        setDraft(e.target.value);
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(v)) onValue(v);
      }}
      onBlur={() => setDraft(null)}
    />
  );
});

export function ValueEditor({ nodeId, name, raw }: Props) {
  const { store } = useServices();
  const info = literalInfo(raw);
  const text = literalText(raw);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (error === null) setDraft(null);
  }, [raw, error]);

  const set = (value: unknown) => store.getState().dispatch({ kind: 'set-attr', node: nodeId, name, value });
  const onText = (t: string) => {
    setDraft(t);
    // An emptied replace field of a large value means "not replacing", not "remove the value".
    if (text === undefined && t.trim() === '') {
      setError(null);
      return;
    }
    const r = parseValueText(t);
    if (r.ok) {
      setError(null);
      if (JSON.stringify(r.value) !== JSON.stringify(raw)) set(r.value);
    } else {
      setError(r.message);
    }
  };

  const n = info.ok ? sizeOf(info.shape) : 0;
  const table = info.ok && n > 0 && n <= MAX_TABLE_ELEMENTS;
  const cols = info.ok && info.shape.length >= 2 ? info.shape[info.shape.length - 1] : Math.min(n, 8);
  return (
    <div className="value-editor" data-testid="value-editor">
      {info.ok ? (
        <div className="value-summary" data-testid="value-summary">
          {info.shape.length === 0 ? 'scalar' : formatShape(info.shape)}
          {info.stored === 'base64' ? ' · stored as base64' : ''}
          {n > 1 && (() => {
            const st = stats(info.data);
            return ` · min ${formatNumber(st.min)}, mean ${formatNumber(st.mean)}, max ${formatNumber(st.max)}`;
          })()}
        </div>
      ) : raw !== undefined ? (
        <div className="attr-error" role="alert">{info.message}</div>
      ) : (
        <div className="muted">No stored value{name === 'value' ? ' (a shape, an initialiser or a dataset supplies it)' : ''}.</div>
      )}
      {table && info.ok && (
        <div className="value-table" style={{ gridTemplateColumns: `repeat(${Math.min(cols, 8)}, minmax(0, 1fr))` }} data-testid="value-table">
          {Array.from(info.data, (v, i) => (
            <Cell
              key={i}
              value={v}
              label={`${nodeId} ${name}${info.shape.length ? indexLabel(info.shape, i) : ''}`}
              onValue={(x) => {
                const data = Float32Array.from(info.data);
                data[i] = x;
                set(literalLike(raw, info.shape, data));
              }}
            />
          ))}
        </div>
      )}
      <label className="value-text-label">
        <span>{text === undefined ? 'Replace with (number, list or JSON)' : 'As text (number, list or JSON)'}</span>
        <textarea
          className={`value-text${error ? ' invalid' : ''}`}
          rows={text !== undefined && text.length > 60 ? 4 : 2}
          value={draft ?? text ?? ''}
          placeholder={text === undefined ? 'too large to show; type a new value to replace it' : 'e.g. -2, [1, 2, 3] or [[1, 2], [3, 4]]'}
          spellCheck={false}
          aria-label={`${name} of ${nodeId} as text`}
          aria-invalid={error !== null}
          data-testid="value-text"
          onChange={(e) => onText(e.target.value)}
          onBlur={() => {
            if (error === null) setDraft(null);
          }}
        />
      </label>
      {error && (
        <div className="attr-error" role="alert" data-testid="value-error">
          {error}
        </div>
      )}
    </div>
  );
}
