// Types of bin/cli-bundle.mjs, for the tests that use it.
import type vm from 'node:vm';

/** dist/cli/manifest.json: the build's file names (in dist/cli/) and the sources it was built from. */
export interface CliManifest {
  readonly bundle: string;
  readonly cache: string | null;
  /** Relative to the repository root. */
  readonly sources: readonly string[];
  /** When the build began (ms since the epoch); a source modified after it makes the build stale. */
  readonly builtAt: number;
}

export const ROOT: string;
export const OUT_DIR: string;
export const MANIFEST: string;
export function freshBuild(manifestFile?: string, root?: string): CliManifest | undefined;
export function compileBundle(file: string, cachedData?: Buffer): { readonly script: vm.Script; run(): Record<string, unknown> };
export function loadBundle(manifest: CliManifest, opts: { readonly debug: boolean }): Record<string, unknown>;
