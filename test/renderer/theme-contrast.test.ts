import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, themeVariables } from '../../renderer/model/contrast.js';

const css = readFileSync(new URL('../../renderer/styles/theme.css', import.meta.url), 'utf8');
const light = themeVariables(css, ':root');
const dark = themeVariables(css, "[data-theme='dark']");

/** Every text colour the style sheets put on a background: [text, background]. */
const TEXT_PAIRS: readonly (readonly [string, string])[] = [
  ...['--bg', '--panel', '--surface', '--surface-hover', '--canvas', '--card', '--card-head'].map((bg) => ['--text', bg] as const),
  ...['--bg', '--panel', '--surface', '--canvas', '--card', '--card-head'].map((bg) => ['--muted', bg] as const),
  ...['--panel', '--surface', '--card', '--card-head'].map((bg) => ['--text-2', bg] as const),
  ['--accent-text', '--surface'],
  ['--accent-text', '--accent-soft'],
  ['--on-accent', '--accent'],
  ['--on-accent', '--accent-hover'],
  ['--on-accent', '--danger-solid'],
  ['--danger', '--surface'],
  ['--danger', '--panel'],
  ['--danger', '--danger-soft'],
  ['--warn', '--surface'],
  // Values and gradients: on cards, in the inspector, and on wires (drawn over a halo of the canvas colour).
  ...['--surface', '--card', '--canvas'].flatMap((bg) => [['--value', bg] as const, ['--grad', bg] as const]),
  ['--toast-text', '--toast-bg'],
  ['--toast-muted', '--toast-bg'],
  ['--refusal-text', '--refusal-bg'],
  ...['sources', 'binary', 'unary', 'linear-algebra', 'shape', 'reduce', 'normalise', 'losses', 'layers', 'unknown'].map((c) => ['--on-cat', `--cat-${c}`] as const),
];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme', (_name, own) => {
  // The dark theme overrides what differs and inherits the rest from :root.
  const color = (name: string): string => {
    const v = own.get(name) ?? light.get(name);
    if (v === undefined) throw new Error(`${name} is not defined in theme.css`);
    return v;
  };

  it.each(TEXT_PAIRS.map(([fg, bg]) => [fg, bg]))('%s on %s meets WCAG AA (4.5:1)', (fg, bg) => {
    expect(contrastRatio(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('defines the same variables as the light theme, as #rrggbb where text or backgrounds use them', () => {
    for (const name of own.keys()) expect(light.has(name), name).toBe(true);
    for (const [fg, bg] of TEXT_PAIRS) for (const v of [color(fg), color(bg)]) expect(v).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('contrast ratios', () => {
  it('match WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#123456', '#123456')).toBe(1);
  });

  it('reads both themes from theme.css', () => {
    expect(light.size).toBeGreaterThan(40);
    expect(dark.size).toBeGreaterThan(40);
    expect(dark.get('--text')).not.toBe(light.get('--text'));
  });
});
