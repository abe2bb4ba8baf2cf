/**
 * The colour theme: light, dark, or the system's (`prefers-color-scheme`), chosen in the toolbar and remembered in
 * localStorage. The resolved theme is `data-theme` on <html>, which switches the variables of styles/theme.css.
 * A preference of the person, not of the document, so it lives here rather than in the document store.
 */
import { useSyncExternalStore } from 'react';

export type ThemePref = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';
export const THEME_PREFS: readonly ThemePref[] = ['system', 'light', 'dark'];
export const THEME_KEY = 'bpstudio.theme';

export function parseThemePref(v: string | null | undefined): ThemePref {
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

export function resolveTheme(pref: ThemePref, systemDark: boolean): Theme {
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

export interface ThemeState {
  readonly pref: ThemePref;
  readonly theme: Theme;
}

const listeners = new Set<() => void>();
let state: ThemeState = { pref: 'system', theme: 'light' };
let media: MediaQueryList | undefined;

function readPref(): ThemePref {
  try {
    return parseThemePref(localStorage.getItem(THEME_KEY));
  } catch {
    // Storage can be off (privacy settings); the system's theme still applies.
    return 'system';
  }
}

/**
 * Colours read for the current theme. Reading one asks for the root's computed style, which
 * recalculates the page's styles when anything changed since the last look: a chart's build
 * read a dozen of them and spent most of its time there (the training panel's charts are built
 * again at each new run, while the run's first reports arrive).
 */
const colors = new Map<string, string>();

function apply(pref: ThemePref): void {
  state = { pref, theme: resolveTheme(pref, media?.matches ?? false) };
  colors.clear();
  document.documentElement.dataset['theme'] = state.theme;
  for (const l of listeners) l();
}

/** Applies the remembered theme and follows the system's setting from then on; call once, before the first render. */
export function startTheme(): void {
  media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', () => apply(state.pref));
  apply(readPref());
}

export function setThemePref(pref: ThemePref): void {
  try {
    localStorage.setItem(THEME_KEY, pref);
  } catch {
    // Not remembered, but applied for this session.
  }
  apply(pref);
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The theme, re-rendering the component when it changes (charts drawn from script redraw with it). */
export function useTheme(): ThemeState {
  return useSyncExternalStore(subscribe, () => state);
}

/**
 * A colour of the current theme, for what script draws (uPlot, canvases): `name` is a variable of theme.css,
 * e.g. `--muted`. The fallback serves where no theme is applied (unit tests, the dev demo page).
 */
export function themeColor(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  let v = colors.get(name);
  if (v === undefined) {
    v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    // Not kept while the theme's variables are not there yet (before the stylesheet applies).
    if (v !== '') colors.set(name, v);
  }
  return v === '' ? fallback : v;
}
