/** A KaTeX formula. Rendered once per distinct TeX string (op formulas repeat across cards and tooltips). */
import katex from 'katex';
import { memo } from 'react';

const cache = new Map<string, string>();

function render(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'html', strict: 'ignore' });
    cache.set(key, html);
  }
  return html;
}

const waiting = new Set<string>();

function renderWaiting(deadline?: IdleDeadline): void {
  for (const tex of waiting) {
    waiting.delete(tex);
    render(tex, false);
    if (deadline && deadline.timeRemaining() < 5) break;
  }
  if (waiting.size > 0) idle(renderWaiting);
}

const idle = (fn: (d?: IdleDeadline) => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn);
  else setTimeout(fn, 50);
};

/**
 * Renders inline formulas ahead of need, when the page is idle. A card's hover tip shows its op's
 * formulas; rendered on the first hover, KaTeX's parse and layout (tens of milliseconds for a new
 * formula) landed in the middle of a pan that happened to cross the card.
 */
export function prerenderFormulas(texs: readonly string[]): void {
  const first = waiting.size === 0;
  for (const tex of texs) if (!cache.has(`I${tex}`)) waiting.add(tex);
  if (first && waiting.size > 0) idle(renderWaiting);
}

export const Formula = memo(function Formula({ tex, display = false }: { readonly tex: string; readonly display?: boolean }) {
  // KaTeX's output is generated from our own op registry, never from file contents.
  return <span className={display ? 'formula formula-display' : 'formula'} dangerouslySetInnerHTML={{ __html: render(tex, display) }} />;
});
