/**
 * vitest globalSetup: one app server for the whole run (see app-server.ts),
 * its address handed to the test files with `provide`/`inject`. Starting it
 * costs nothing; the renderer is built only when a test first loads a page.
 */
import type { TestProject } from 'vitest/node';
import { startAppServer } from './app-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The editor's page, served from the built renderer. */
    e2eAppUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startAppServer();
  project.provide('e2eAppUrl', server.url);
  return () => server.close();
}
