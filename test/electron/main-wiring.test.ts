/**
 * Runs the built main.js (the real bundle, as packaged) in plain Node with a
 * stand-in for Electron's API (fixtures/electron-stub.mjs), because there is
 * no Electron binary here: checks that it sets everything up before `ready`,
 * hardens its window, serves app:// with the CSP and the cross-origin
 * isolation headers, registers every IPC channel behind the sender check,
 * opens a document from argv, and guards the close.
 * The Electron smoke test covers the same with the real binary where it exists.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INVOKE, SEND } from '../../core/host/bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/shell/app-protocol.js';
import { repoRoot, run } from './app-build.js';
import { tempDir } from './harness.js';

const factsSchema = z.object({
  name: z.string(),
  switches: z.array(z.object({ name: z.string(), value: z.string().optional(), beforeReady: z.boolean() })),
  schemes: z.array(z.object({ scheme: z.string(), privileges: z.record(z.string(), z.boolean()) })),
  schemesBeforeReady: z.boolean(),
  windowCount: z.number(),
  webPreferences: z.record(z.string(), z.unknown()),
  url: z.string(),
  page: z.object({ status: z.number(), csp: z.string().nullable(), isolation: z.object({ coop: z.string().nullable(), coep: z.string().nullable() }), body: z.string() }),
  escape: z.object({ status: z.number(), csp: z.string().nullable() }),
  pageTitleIgnored: z.boolean(),
  navigationPrevented: z.boolean(),
  frameNavigationPrevented: z.boolean(),
  openHttps: z.object({ action: z.string() }),
  openFile: z.object({ action: z.string() }),
  openedExternally: z.array(z.string()),
  invokeChannels: z.array(z.string()),
  sendChannels: z.array(z.string()),
  recentFromUs: z.object({ ok: z.boolean(), value: z.unknown().optional() }),
  recentFromForeign: z.object({ ok: z.boolean(), message: z.string().optional() }),
  sentAfterLoad: z.array(z.object({ channel: z.string(), path: z.string().optional(), text: z.string().optional() })),
  permissions: z.object({ media: z.boolean(), clipboardRead: z.boolean(), foreignClipboard: z.boolean() }),
  menuLabels: z.array(z.string().nullable()),
  dirtyTitle: z.string(),
  closedWhileDirty: z.boolean(),
  unsavedQuestion: z.array(z.string()),
  cleanTitle: z.string(),
  closedWhenClean: z.boolean(),
});

describe('main.js wired to Electron (stand-in API)', () => {
  let work: string;
  let facts: z.infer<typeof factsSchema>;
  let document: string;

  beforeAll(async () => {
    work = await tempDir('bpstudio-main-');
    await mkdir(path.join(work, 'dist', 'renderer'), { recursive: true });
    await writeFile(path.join(work, 'dist', 'renderer', 'index.html'), '<!doctype html><title>stand-in page</title>');
    document = path.join(work, 'start.bpgraph');
    await writeFile(document, '{"format": "backprop-studio/graph", "version": 1}');
    const build = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'scripts', 'build.ts'), '--out-dir', path.join(work, 'dist', 'electron')]);
    if (build.code !== 0) throw new Error(`electron build failed: ${build.output}`);
    const result = await run(process.execPath, [path.join(repoRoot, 'test', 'electron', 'fixtures', 'run-main.mjs'), path.join(work, 'dist', 'electron', 'main.js'), document], {
      env: { ...process.env, BPSTUDIO_USER_DATA_DIR: path.join(work, 'user-data') },
      timeoutMs: 30_000,
    });
    const line = result.output.split('\n').find((it) => it.startsWith('{'));
    if (result.code !== 0 || line === undefined) throw new Error(`main.js run failed (${result.code}): ${result.output}`);
    facts = factsSchema.parse(JSON.parse(line));
  }, 60_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('registers app:// as privileged and sets the GPU switches before ready', () => {
    expect(facts.name).toBe('Backprop Studio');
    expect(facts.schemesBeforeReady).toBe(true);
    expect(facts.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    if (process.platform === 'linux') {
      expect(facts.switches).toEqual([
        { name: 'enable-unsafe-webgpu', beforeReady: true },
        { name: 'enable-features', value: 'Vulkan,VulkanFromANGLE,DefaultANGLEVulkan', beforeReady: true },
      ]);
    }
  });

  it('opens one hardened window on app://, with the bundled preload', () => {
    expect(facts.windowCount).toBe(1);
    expect(facts.url).toBe('app://bpstudio/index.html');
    expect(facts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(facts.webPreferences['preload']).toBe(path.join(work, 'dist', 'electron', 'preload.cjs'));
  });

  it('serves the page with the CSP header and nothing outside the renderer folder', () => {
    expect(facts.page).toEqual({
      status: 200,
      csp: CONTENT_SECURITY_POLICY,
      // Through main's own Response: the headers that make the page cross-origin isolated survive it.
      isolation: { coop: 'same-origin', coep: 'require-corp' },
      body: '<!doctype html><title>stand-in page</title>',
    });
    expect(facts.escape).toEqual({ status: 404, csp: CONTENT_SECURITY_POLICY });
  });

  it('denies navigation and new windows; web links go to the system browser', () => {
    expect(facts.navigationPrevented).toBe(true);
    expect(facts.frameNavigationPrevented).toBe(true);
    expect(facts.openHttps).toEqual({ action: 'deny' });
    expect(facts.openFile).toEqual({ action: 'deny' });
    expect(facts.openedExternally).toEqual(['https://pytorch.org/']);
    expect(facts.permissions).toEqual({ media: false, clipboardRead: true, foreignClipboard: false });
  });

  it('registers every bridge channel, each checking its sender', () => {
    expect(facts.invokeChannels).toEqual(Object.values(INVOKE).map((it) => it.channel).sort());
    expect(facts.sendChannels).toEqual(Object.values(SEND).map((it) => it.channel).sort());
    expect(facts.recentFromUs.ok).toBe(true);
    expect(facts.recentFromForeign).toEqual({ ok: false, message: 'recent:list: refused, sent from https://evil.example, not app://bpstudio.' });
  });

  it('sends a document named on the command line to the page once it has loaded, and lists it as recent', () => {
    expect(facts.sentAfterLoad).toEqual([{ channel: 'doc:open-file', path: document, text: '{"format": "backprop-studio/graph", "version": 1}' }]);
    expect(facts.recentFromUs.value).toEqual([{ path: document, name: 'start.bpgraph', openedAt: expect.any(Number) }]);
    expect(facts.menuLabels).toEqual(process.platform === 'darwin' ? ['Backprop Studio', '&File', '&Edit', '&View', null] : ['&File', '&Edit', '&View']);
  });

  it('titles the window from the document state and asks before closing unsaved changes', () => {
    expect(facts.pageTitleIgnored).toBe(true);
    expect(facts.dirtyTitle).toBe(process.platform === 'darwin' ? 'start.bpgraph — Backprop Studio' : '• start.bpgraph — Backprop Studio');
    expect(facts.unsavedQuestion).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(facts.closedWhileDirty).toBe(false);
    expect(facts.cleanTitle).toBe('start.bpgraph — Backprop Studio');
    expect(facts.closedWhenClean).toBe(true);
  });
});
