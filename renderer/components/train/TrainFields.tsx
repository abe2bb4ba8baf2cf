/**
 * The training form's fields. A number field keeps what is typed: a number
 * is written into the training block at once (a burst of typing is one undo
 * step), text that is not a number stays in the field, marked, and changes
 * nothing. Range problems come from the block's own validation, worded as
 * the command line words them.
 */
import { type ReactNode, useEffect, useId, useState } from 'react';

export interface FieldProps {
  readonly label: string;
  readonly testId: string;
  /** Problems with this field (from the block's validation or the engine's checks). */
  readonly messages?: readonly string[];
  readonly help?: string;
  readonly disabled?: boolean;
}

function Field({ label, testId, messages, help, children, id }: FieldProps & { readonly children: ReactNode; readonly id: string }) {
  const bad = messages !== undefined && messages.length > 0;
  return (
    <div className={`tf-field${bad ? ' tf-bad' : ''}`} title={help}>
      <label htmlFor={id}>{label}</label>
      {children}
      {bad && (
        <div className="tf-error" data-testid={`${testId}-error`} role="alert">
          {messages.join('; ')}
        </div>
      )}
    </div>
  );
}

export function NumberField(
  props: FieldProps & {
    readonly value: unknown;
    /** Shown greyed when the block leaves the setting out. */
    readonly placeholder?: string;
    /** Empty text removes the setting (it takes its default). */
    readonly optional?: boolean;
    readonly onChange: (value: number | undefined) => void;
  },
) {
  const id = useId();
  const shown = typeof props.value === 'number' ? String(props.value) : '';
  const [draft, setDraft] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  // A change from elsewhere (undo, another field) replaces the text unless it is mid-way through an invalid entry.
  useEffect(() => {
    if (local === null) setDraft(null);
  }, [props.value, local]);
  const onText = (text: string) => {
    setDraft(text);
    const t = text.trim();
    if (t === '' && props.optional) {
      setLocal(null);
      props.onChange(undefined);
      return;
    }
    const v = Number(t);
    if (t === '' || !Number.isFinite(v)) {
      setLocal(t === '' ? 'is required' : `"${t}" is not a number`);
      return;
    }
    setLocal(null);
    props.onChange(v);
  };
  const messages = local !== null ? [`${props.label} ${local}`] : props.messages;
  return (
    <Field {...props} messages={messages} id={id}>
      <input
        id={id}
        className="tf-input"
        inputMode="decimal"
        value={draft ?? shown}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-invalid={messages !== undefined && messages.length > 0}
        data-testid={props.testId}
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          if (local === null) setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setDraft(null);
            setLocal(null);
          }
        }}
      />
    </Field>
  );
}

export function SelectField(
  props: FieldProps & {
    readonly value: string;
    readonly options: readonly { readonly value: string; readonly label: string }[];
    readonly onChange: (value: string) => void;
  },
) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <select id={id} className="tf-input" value={props.value} disabled={props.disabled} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckField(props: FieldProps & { readonly checked: boolean; readonly onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <input id={id} type="checkbox" checked={props.checked} disabled={props.disabled} data-testid={props.testId} onChange={(e) => props.onChange(e.target.checked)} />
    </Field>
  );
}
