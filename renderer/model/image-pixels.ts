/** Greyscale pixels of one image sample for the data view's image grid. */

/**
 * RGBA pixels of the image at row `index` of `features` (h × w values per
 * row), ink dark on white: 0 is white, 1 (or the image's maximum, when its
 * values go past 1) is black.
 */
export function greyscalePixels(features: ArrayLike<number>, index: number, h: number, w: number): Uint8ClampedArray<ArrayBuffer> {
  const n = h * w;
  const start = index * n;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < n; i++) {
    const v = features[start + i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const v = features[start + i];
    const ink = Number.isFinite(v) ? (v - lo) / (hi - lo) : 0;
    const g = 255 * (1 - ink);
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}
