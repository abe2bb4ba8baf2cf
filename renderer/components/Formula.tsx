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

export const Formula = memo(function Formula({ tex, display = false }: { readonly tex: string; readonly display?: boolean }) {
  // KaTeX's output is generated from our own op registry, never from file contents.
  return <span className={display ? 'formula formula-display' : 'formula'} dangerouslySetInnerHTML={{ __html: render(tex, display) }} />;
});
