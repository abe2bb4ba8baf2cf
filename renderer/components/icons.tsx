/** Toolbar icons: 20×20 strokes in the Lucide style, drawn inline so the app needs no icon font. */
import type { ReactNode } from 'react';

const PATHS: Readonly<Record<string, ReactNode>> = {
  new: (
    <>
      <path d="M5 2.5h6l4 4v11H5z" />
      <path d="M11 2.5v4h4M10 10v5M7.5 12.5h5" />
    </>
  ),
  open: <path d="M2.5 5.5v10h13l2-7h-13l-2 7M2.5 5.5h5l1.5 1.5h6v1.5" />,
  save: (
    <>
      <path d="M3.5 3.5h10l3 3v10h-13z" />
      <path d="M6.5 3.5v4h6v-4M6 16.5v-5h8v5" />
    </>
  ),
  examples: (
    <>
      <rect x="3" y="3" width="6" height="6" rx="1" />
      <rect x="11" y="3" width="6" height="6" rx="1" />
      <rect x="3" y="11" width="6" height="6" rx="1" />
      <rect x="11" y="11" width="6" height="6" rx="1" />
    </>
  ),
  undo: <path d="M7.5 5.5l-4 4 4 4M3.5 9.5h8a4.5 4.5 0 010 9h-2" />,
  redo: <path d="M12.5 5.5l4 4-4 4M16.5 9.5h-8a4.5 4.5 0 000 9h2" />,
  run: <path d="M6 4l10 6-10 6z" />,
  debug: <path d="M4 4.5v11M8 5l8 5-8 5z" />,
  check: <path d="M3.5 10.5l4 4 9-9" />,
  train: <path d="M2.5 3v14.5H17.5M5 14l3.5-5 3 2.5 5-7" />,
  layout: (
    <>
      <rect x="2.5" y="8" width="4" height="4" rx="1" />
      <rect x="13.5" y="3" width="4" height="4" rx="1" />
      <rect x="13.5" y="13" width="4" height="4" rx="1" />
      <path d="M6.5 10h3.5M10 5v10M10 5h3.5M10 15h3.5" />
    </>
  ),
  search: (
    <>
      <circle cx="9" cy="9" r="5" />
      <path d="M13 13l4 4" />
    </>
  ),
  trash: <path d="M4 5.5h12M8 5.5V3.5h4v2M5.5 5.5l1 11h7l1-11" />,
};

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { readonly name: IconName }) {
  return (
    <svg className="icon" width="18" height="18" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {PATHS[name]}
    </svg>
  );
}
