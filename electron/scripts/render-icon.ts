/**
 * Renders assets/icon.svg to assets/icon.png (512x512, transparent corners)
 * with headless Chromium, the one SVG renderer our environment has.
 *
 * Usage: `tsx electron/scripts/render-icon.ts` (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZE = 512;

function main(): number {
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const svg = path.join(repoRoot, 'assets', 'icon.svg');
  const png = path.join(repoRoot, 'assets', 'icon.png');
  const work = mkdtempSync(path.join(os.tmpdir(), 'bpstudio-icon-'));
  try {
    const page = path.join(work, 'icon.html');
    writeFileSync(page, `<!doctype html><html><body style="margin:0;background:transparent"><img src="${pathToFileURL(svg).href}" width="${SIZE}" height="${SIZE}" style="display:block"></body></html>`);
    const run = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--default-background-color=00000000',
        `--window-size=${SIZE},${SIZE}`,
        `--user-data-dir=${path.join(work, 'profile')}`,
        `--screenshot=${png}`,
        pathToFileURL(page).href,
      ],
      { encoding: 'utf8' },
    );
    if (run.error !== undefined) {
      console.error(`render-icon: could not run ${chromium}: ${run.error.message}`);
      return 1;
    }
    const header = readFileSync(png);
    const width = header.readUInt32BE(16);
    const height = header.readUInt32BE(20);
    if (width !== SIZE || height !== SIZE) {
      console.error(`render-icon: ${png} is ${width}x${height}, expected ${SIZE}x${SIZE}.`);
      return 1;
    }
    console.log(`render-icon: wrote ${png} (${width}x${height}).`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exit(main());
