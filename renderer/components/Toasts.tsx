/** Short messages near the top of the canvas: refused connections, saves, hints. They fade after a few seconds. */
import { memo, useEffect } from 'react';
import { useApp, useServices } from '../app/app-context.js';
import { selectToasts } from '../store/selectors.js';
import type { Toast } from '../store/types.js';

const LIFETIME_MS = { refusal: 6000, info: 3000, error: 8000 } as const;

const ToastItem = memo(function ToastItem({ toast }: { readonly toast: Toast }) {
  const { store } = useServices();
  useEffect(() => {
    const t = setTimeout(() => store.getState().dismissToast(toast.id), LIFETIME_MS[toast.kind]);
    return () => clearTimeout(t);
  }, [store, toast]);
  return (
    <div className={`toast toast-${toast.kind}`} data-testid="toast" data-kind={toast.kind} role={toast.kind === 'info' ? 'status' : 'alert'}>
      <span>{toast.text}</span>
      <button type="button" className="icon-btn" onClick={() => store.getState().dismissToast(toast.id)} aria-label="dismiss">
        ×
      </button>
    </div>
  );
});

export function Toasts() {
  const toasts = useApp(selectToasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
