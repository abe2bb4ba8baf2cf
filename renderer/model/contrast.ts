/**
 * WCAG 2 contrast ratios, and the colour variables of a theme's style sheet, so that a test can hold every
 * text/background pair of styles/theme.css to AA (4.5:1 for text).
 */

/** The relative luminance of `#rrggbb` (WCAG 2.x). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const v = Number.parseInt(m[1], 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((v >> 16) & 255) + 0.7152 * channel((v >> 8) & 255) + 0.0722 * channel(v & 255);
}

/** (lighter + 0.05) / (darker + 0.05): 1 for equal colours, 21 for black on white. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The custom properties declared in the first rule of `css` whose selector is exactly `selector`
 * (`:root`, `[data-theme='dark']`); a theme's style sheet is flat, so no nesting is handled.
 */
export function themeVariables(css: string, selector: string): Map<string, string> {
  const noComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rule = new RegExp(`(^|\\})\\s*${selector.replace(/[[\]().*+?^$|\\]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(noComments);
  const vars = new Map<string, string>();
  if (!rule) return vars;
  for (const m of rule[2].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars.set(m[1], m[2].trim());
  return vars;
}
