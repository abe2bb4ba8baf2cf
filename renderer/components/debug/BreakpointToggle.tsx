/** The breakpoint dot in a card's head: shown on hover, red and always shown while set; a click toggles it. */
import { memo, type MouseEvent } from 'react';
import { useApp, useServices } from '../../app/app-context.js';
import { hasBreakpoint } from '../../store/debug-selectors.js';

export const BreakpointToggle = memo(function BreakpointToggle({ id }: { readonly id: string }) {
  const { store } = useServices();
  const on = useApp((s) => hasBreakpoint(s, id));
  const toggle = (e: MouseEvent) => {
    // The card must not take the click as a selection or the start of a drag.
    e.stopPropagation();
    store.getState().toggleBreakpoint(id);
  };
  return (
    <button
      type="button"
      className={`gate-bp nodrag${on ? ' on' : ''}`}
      onClick={toggle}
      onMouseDown={(e) => e.stopPropagation()}
      aria-pressed={on}
      aria-label={`breakpoint on ${id}`}
      title={on ? 'Breakpoint: the debugger stops here (click or F9 to remove)' : 'Set a breakpoint: the debugger stops here (F9)'}
      data-testid={`node-bp-${id}`}
    />
  );
});
