/**
 * Colours for tensor pictures drawn on a canvas (heatmaps, images, wire
 * thumbnails). A canvas cannot use CSS variables, so the theme's variables
 * are read when a picture is painted: a theme that redefines them changes
 * every picture painted after it.
 */

export type RGB = readonly [number, number, number];

/** The diverging scale (negative → zero → positive) and the greyscale of images (paper → ink). */
export interface HeatPalette {
  readonly neg: RGB;
  readonly mid: RGB;
  readonly pos: RGB;
  readonly paper: RGB;
  readonly ink: RGB;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as RGB: the canvas normalises what it is given to `#rrggbb` (or `rgba(...)`). */
function toRgb(css: string, fallback: RGB): RGB {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe || css === '') return fallback;
  probe.fillStyle = '#000';
  probe.fillStyle = css;
  const s = String(probe.fillStyle);
  if (s.startsWith('#') && s.length === 7) return [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : fallback;
}

/** The palette from the CSS variables in effect at `el` (the document root by default). */
export function readPalette(el: Element = document.documentElement): HeatPalette {
  const st = getComputedStyle(el);
  const v = (name: string, fallback: RGB) => toRgb(st.getPropertyValue(name).trim(), fallback);
  return {
    neg: v('--heat-neg', [37, 99, 235]),
    mid: v('--heat-mid', [255, 255, 255]),
    pos: v('--heat-pos', [220, 38, 38]),
    paper: v('--image-paper', [255, 255, 255]),
    ink: v('--image-ink', [17, 24, 39]),
  };
}

function mix(a: RGB, b: RGB, t: number, out: Uint8ClampedArray, at: number): void {
  out[at] = a[0] + (b[0] - a[0]) * t;
  out[at + 1] = a[1] + (b[1] - a[1]) * t;
  out[at + 2] = a[2] + (b[2] - a[2]) * t;
  out[at + 3] = 255;
}

/**
 * Writes the colour of `v` into `out` at byte `at`. Signed data (`lo` < 0)
 * use the diverging scale symmetric about 0 up to `scale` = max |v|, so that
 * white is exactly zero; non-negative data use the greyscale from 0 to `scale`.
 * Not-a-number and infinities are drawn in the positive end's colour.
 */
export function paintValue(v: number, signed: boolean, scale: number, p: HeatPalette, out: Uint8ClampedArray, at: number): void {
  if (!Number.isFinite(v)) return mix(p.pos, p.pos, 0, out, at);
  const t = scale > 0 ? Math.min(1, Math.abs(v) / scale) : 0;
  if (!signed) return mix(p.paper, p.ink, t, out, at);
  return v < 0 ? mix(p.mid, p.neg, t, out, at) : mix(p.mid, p.pos, t, out, at);
}

/** The CSS gradient of a scale's legend bar, from the same variables. */
export function legendGradient(signed: boolean): string {
  return signed ? 'linear-gradient(to right, var(--heat-neg), var(--heat-mid), var(--heat-pos))' : 'linear-gradient(to right, var(--image-paper), var(--image-ink))';
}
