/**
 * A tooltip with rich content (formulas), shown after a short hover delay in
 * a portal next to its anchor, so it is never clipped by a scrolling panel
 * or the canvas. Also shown while the anchor has keyboard focus.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

const DELAY_MS = 350;
const WIDTH = 320;

interface Props {
  readonly content: () => ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
}

export function HoverCard({ content, children, className, testId }: Props) {
  const anchor = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const r = anchor.current?.getBoundingClientRect();
      if (!r) return;
      const right = r.right + 10 + WIDTH < window.innerWidth;
      setAt({ left: right ? r.right + 10 : Math.max(8, r.left - WIDTH - 10), top: Math.min(r.top, window.innerHeight - 240) });
    }, DELAY_MS);
  };
  const hide = () => {
    clearTimeout(timer.current);
    setAt(null);
  };

  return (
    <div ref={anchor} className={className} onMouseEnter={show} onMouseLeave={hide} onFocus={show} onBlur={hide} onMouseDown={hide}>
      {children}
      {at &&
        createPortal(
          <div className="hovercard" role="tooltip" data-testid={testId} style={{ left: at.left, top: at.top, width: WIDTH }}>
            {content()}
          </div>,
          document.body,
        )}
    </div>
  );
}
