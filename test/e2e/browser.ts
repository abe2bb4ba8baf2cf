/**
 * Debian's Chromium driven by playwright-core (Playwright cannot download its
 * own browser here), and the editor page opened in it: the path comes from
 * CHROMIUM_PATH (default /usr/bin/chromium). Without a browser the tests fail
 * in CI (CI=true) with a message saying how to get one, and are skipped,
 * saying why, elsewhere.
 */
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, expect, inject } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { POLL, settled } from './editor-actions.js';
import { createBridge, type E2eBridge } from './host-bridge.js';

export { POLL };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--headless=new',
  '--enable-unsafe-webgpu',
];

/** Where screenshots go (kept as CI artifacts). */
export const SHOTS_DIR = path.join(repoRoot, 'test-results', 'e2e');

type Found = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

function findChromium(): Found {
  const fromEnv = process.env['CHROMIUM_PATH'];
  const candidate = fromEnv !== undefined && fromEnv !== '' ? fromEnv : '/usr/bin/chromium';
  try {
    accessSync(candidate, constants.X_OK);
    return { ok: true, path: candidate };
  } catch {
    const where = fromEnv ? `CHROMIUM_PATH=${candidate}` : `${candidate} (set CHROMIUM_PATH to use another)`;
    return { ok: false, reason: `no Chromium at ${where}: install Debian's package (sudo apt-get install -y chromium)` };
  }
}

const found = findChromium();
const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Why the end-to-end tests do not run here, or undefined when they do (in CI a missing browser fails them instead). */
export const skipReason: string | undefined = found.ok || inCi ? undefined : found.reason;
if (skipReason !== undefined) console.warn(`end-to-end tests skipped: ${skipReason}`);

/** Launches headless Chromium; throws with the reason when there is none. */
async function launchChromium(): Promise<Browser> {
  if (!found.ok) throw new Error(`Cannot run the end-to-end tests: ${found.reason}.`);
  return chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** One editor page and what it reported. */
export interface Editor {
  readonly page: Page;
  /** Uncaught exceptions in the page (a crash is a failure). */
  readonly errors: string[];
  /**
   * Errors on the console of the page and its workers, and failed requests, from the first request
   * on: how a resource refused by the CSP or by COEP shows, which `errors` does not catch.
   */
  readonly consoleErrors: string[];
  /** Saves a screenshot as test-results/e2e/<name>.png. */
  shot(name: string): Promise<void>;
}

/**
 * Opens the editor in a fresh context. With a bridge the page gets
 * `window.bpstudio` before its scripts run (the Electron host); without one
 * it runs as the browser host of `npm run web`.
 */
async function openEditor(context: BrowserContext, bridge?: E2eBridge): Promise<Editor> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('requestfailed', (request) => consoleErrors.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  if (bridge) await bridge.attach(page);
  // The first page of a run waits for the renderer's build (app-server.ts), which takes longer than a click may on a busy machine.
  const response = await page.goto(inject('e2eAppUrl'), { timeout: 180_000 });
  if (response === null || !response.ok()) throw new Error(`the editor page did not load: ${response?.status() ?? 'no response'} ${(await response?.text()) ?? ''}`);
  // The start screen opens straight into the seeds' f = (x + y) z.
  await expect.poll(() => page.getByTestId('node-f').count(), POLL).toBe(1);
  await settled(page);
  bridge?.pageLoaded();
  await mkdir(SHOTS_DIR, { recursive: true });
  return {
    page,
    errors,
    consoleErrors,
    shot: async (name) => {
      await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
    },
  };
}

/** Opens editors for the tests of one file; each test's pages and temporary folders go when it ends. */
export interface EditorSession {
  /** The editor as `npm run web` runs it (the browser host). */
  browserHost(): Promise<Editor>;
  /** The editor as the desktop app runs it, over main's real document code in a temporary folder. */
  desktopHost(): Promise<{ readonly editor: Editor; readonly bridge: E2eBridge }>;
}

/**
 * One Chromium per test file, launched by the first test that needs it (so
 * that without a browser every test fails with the reason, rather than being
 * reported as skipped after a failed hook).
 */
export function editorSession(): EditorSession {
  let launched: Promise<Browser> | undefined;
  let contexts: BrowserContext[] = [];
  let bridges: E2eBridge[] = [];
  let editors: Editor[] = [];
  const newContext = async (): Promise<BrowserContext> => {
    launched ??= launchChromium();
    const created = await (await launched).newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    contexts.push(created);
    return created;
  };
  // Every test also checks that no page threw and that main refused or logged nothing it was sent.
  afterEach(async () => {
    const pageErrors = editors.flatMap((it) => it.errors);
    const mainLogs = bridges.flatMap((it) => it.logs);
    await Promise.all(contexts.map((it) => it.close()));
    await Promise.all(bridges.map((it) => it.cleanup()));
    contexts = [];
    bridges = [];
    editors = [];
    expect(pageErrors).toEqual([]);
    expect(mainLogs).toEqual([]);
  });
  afterAll(async () => {
    const browser = await launched?.catch(() => undefined);
    await browser?.close();
  });
  return {
    browserHost: async () => {
      const editor = await openEditor(await newContext());
      editors.push(editor);
      return editor;
    },
    desktopHost: async () => {
      const bridge = await createBridge();
      bridges.push(bridge);
      const editor = await openEditor(await newContext(), bridge);
      editors.push(editor);
      return { editor, bridge };
    },
  };
}
