/** Downloads from the training views: charts as one PNG, curves as CSV. */

/** Saves a blob through a temporary <a download> (works in the browser host and in Electron's renderer alike). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; revoke on the next task so the URL is still valid for it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Every chart in `root` (elements with `data-title` holding a canvas) drawn
 * one under the other on white, each under its title, as a PNG blob.
 */
export async function chartsPng(root: HTMLElement): Promise<Blob | null> {
  const parts = [...root.querySelectorAll<HTMLElement>('[data-title]')].flatMap((el) => {
    const canvas = el.querySelector('canvas');
    return canvas && canvas.width > 0 ? [{ title: el.dataset['title'] ?? '', canvas }] : [];
  });
  if (parts.length === 0) return null;
  const dpr = window.devicePixelRatio || 1;
  const titleH = Math.round(22 * dpr);
  const width = Math.max(...parts.map((p) => p.canvas.width));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = parts.reduce((h, p) => h + titleH + p.canvas.height, 0);
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1f2430';
  ctx.font = `600 ${Math.round(12 * dpr)}px Inter, system-ui, sans-serif`;
  let y = 0;
  for (const p of parts) {
    ctx.fillText(p.title, 8 * dpr, y + 16 * dpr);
    y += titleH;
    ctx.drawImage(p.canvas, 0, y);
    y += p.canvas.height;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}
