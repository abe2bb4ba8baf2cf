/** The inspector's breakpoint switch for the selected node (same state as the dot on its card and F9). */
import { useApp, useServices } from '../../app/app-context.js';
import { hasBreakpoint } from '../../store/debug-selectors.js';

export function InspectorBreakpoint({ id }: { readonly id: string }) {
  const { store } = useServices();
  const on = useApp((s) => hasBreakpoint(s, id));
  return (
    <section className="inspector-section">
      <h4>Debugger</h4>
      <button type="button" className="btn" aria-pressed={on} onClick={() => store.getState().toggleBreakpoint(id)} data-testid="inspector-breakpoint" title="The debugger stops at this node in both passes (F9)">
        <span className={`gate-bp-inline${on ? ' on' : ''}`} aria-hidden="true" /> {on ? 'Remove breakpoint' : 'Set breakpoint'}
      </button>
    </section>
  );
}
