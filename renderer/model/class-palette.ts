/**
 * Class colours for the data view: Okabe and Ito's palette, which stays
 * distinct under the common colour-vision deficiencies, ordered so that two
 * classes get blue and orange (as in TensorFlow Playground), then two greys
 * of other hues for classes 9 and 10. Past ten, colours repeat.
 */
export const CLASS_COLORS: readonly string[] = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442', '#7a5195', '#555555', '#8c6d31'];

export function classColor(c: number): string {
  const n = CLASS_COLORS.length;
  return CLASS_COLORS[((Math.trunc(c) % n) + n) % n];
}

/** `#rrggbb` to [r, g, b] in 0..255. */
export function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
