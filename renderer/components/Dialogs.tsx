/** The one modal the view slice holds: problems, a question, the examples gallery or the recovery offer. */
import { useEffect, useState } from 'react';
import type { Recoverable } from '../../core/host/bridge.js';
import { assertNever } from '../../core/ops/attrs.js';
import { useApp, useServices } from '../app/app-context.js';
import { EXAMPLES } from '../app/examples.js';
import type { RecentFile } from '../host/host.js';
import { selectModal } from '../store/selectors.js';
import type { Modal as ModalState } from '../store/types.js';
import { Modal } from './Modal.js';
import { count } from '../model/plural.js';
import type { Thumbnail } from '../model/thumbnail.js';

function when(t: number): string {
  return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function GraphThumb({ thumb, file }: { readonly thumb: Thumbnail; readonly file: string }) {
  return (
    <svg className="gallery-thumb" viewBox={thumb.viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true" data-testid={`gallery-thumb-${file}`}>
      {thumb.wires.map((d, i) => (
        <path key={i} className="thumb-wire" d={d} />
      ))}
      {thumb.boxes.map((b) => (
        <rect key={b.id} className={`thumb-box cat-${b.category}`} x={b.x} y={b.y} width={b.width} height={b.height} rx={8} />
      ))}
    </svg>
  );
}

function Gallery() {
  const { store, actions } = useServices();
  const [recent, setRecent] = useState<readonly RecentFile[]>([]);
  useEffect(() => {
    let live = true;
    actions.host.recentFiles().then((r) => live && setRecent(r.slice(0, 6)), () => undefined);
    return () => {
      live = false;
    };
  }, [actions]);
  return (
    <Modal title="Examples" testId="modal-gallery" onDismiss={() => store.getState().closeModal()} wide>
      <p className="muted">Worked examples from the cs231n notes. Opening one replaces the current graph (you are asked about unsaved changes).</p>
      <div className="gallery" data-testid="gallery">
        {EXAMPLES.map((ex, i) => (
          <button key={ex.file} type="button" className="gallery-card" onClick={() => void actions.openExample(ex)} data-testid={`gallery-item-${ex.file}`} {...(i === 0 ? { 'data-autofocus': true } : {})}>
            {ex.thumbnail && <GraphThumb thumb={ex.thumbnail} file={ex.file} />}
            <span className="gallery-name">{ex.name}</span>
            <span className="gallery-desc">{ex.description}</span>
            <span className="gallery-meta">
              {ex.file} · {count(ex.nodes, 'node')}
            </span>
          </button>
        ))}
      </div>
      {recent.length > 0 && (
        <>
          <h3 className="gallery-h">Recent files</h3>
          <ul className="recent-list">
            {recent.map((r, i) => (
              <li key={r.id}>
                <button type="button" onClick={() => void actions.openRecent(r.id)} data-testid={`recent-item-${i}`} title={r.detail}>
                  <span>{r.name}</span>
                  <span className="muted">{r.detail}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}

function RecoverDialog({ items }: { readonly items: readonly Recoverable[] }) {
  const { store, actions } = useServices();
  const [left, setLeft] = useState(items);
  const discard = (item: Recoverable) => {
    void actions.host.discardRecoverable(item.id).catch(() => undefined);
    const rest = left.filter((x) => x.id !== item.id);
    setLeft(rest);
    if (rest.length === 0) store.getState().closeModal();
  };
  return (
    <Modal title="Recover unsaved work?" testId="modal-recover" onDismiss={() => store.getState().closeModal()}>
      <p>The editor closed without saving these documents. Open one to continue where you left off, or discard it.</p>
      <ul className="recover-list">
        {left.map((item, i) => (
          <li key={item.id} data-testid={`recover-item-${i}`}>
            <div>
              <strong>{item.name}</strong>
              <div className="muted">{item.path ?? 'never saved'} · backed up {when(item.savedAt)}</div>
            </div>
            <div className="btn-row">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void actions.recover(item)}
                data-testid={`recover-open-${i}`}
                {...(i === 0 ? { 'data-autofocus': true } : {})}
              >
                Recover
              </button>
              <button type="button" className="btn" onClick={() => discard(item)} data-testid={`recover-discard-${i}`}>
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

function Dialog({ modal }: { readonly modal: ModalState }) {
  const { store } = useServices();
  const close = () => store.getState().closeModal();
  switch (modal.kind) {
    case 'problems':
      return (
        <Modal
          title={modal.title}
          testId="modal-problems"
          onDismiss={close}
          tone="error"
          footer={
            <button type="button" className="btn btn-primary" onClick={close} data-testid="modal-ok" data-autofocus>
              OK
            </button>
          }
        >
          <p>{modal.intro}</p>
          <ul className="problem-list" data-testid="modal-lines">
            {modal.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </Modal>
      );
    case 'choice':
      return (
        <Modal
          title={modal.title}
          testId="modal-choice"
          onDismiss={() => modal.resolve(null)}
          footer={modal.options.map((o, i) => (
            <button
              key={o.id}
              type="button"
              className={`btn${o.tone === 'primary' ? ' btn-primary' : o.tone === 'danger' ? ' btn-danger' : ''}`}
              onClick={() => modal.resolve(o.id)}
              data-testid={`choice-${o.id}`}
              {...(i === 0 ? { 'data-autofocus': true } : {})}
            >
              {o.label}
            </button>
          ))}
        >
          <p>{modal.message}</p>
        </Modal>
      );
    case 'gallery':
      return <Gallery />;
    case 'recover':
      return <RecoverDialog items={modal.items} />;
    default:
      return assertNever(modal);
  }
}

export function Dialogs() {
  const modal = useApp(selectModal);
  return modal ? <Dialog modal={modal} /> : null;
}
