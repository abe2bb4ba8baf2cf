// Layering (style.md §1): core/ is pure TypeScript; only core/cli/ may touch Node,
// and nothing outside core/cli/ imports it.
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'url', 'util', 'crypto', 'worker_threads', 'module'];
const uiModules = ['react', 'react-dom', 'react-dom/*', 'electron', '@xyflow/*', 'zustand', 'zustand/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'out/**', 'core/backend/cpu/wasm/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeModules, ...uiModules], message: 'core/ is pure TypeScript: no Node, DOM, React or Electron imports (Node code goes in core/cli/).' },
            { group: ['**/cli/*', '**/cli'], message: 'core/cli/ is the Node-only entry point; the rest of core/ must not import it.' },
            { group: ['**/electron/*', '**/renderer/*'], message: 'core/ is the bottom layer: it never imports electron/ or renderer/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'window', 'document', 'require', '__dirname', '__filename'],
    },
  },
  {
    // The shell and the UI only meet through core/host/bridge.ts; neither imports the other.
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer', '**/renderer/*', '**/core/cli', '**/core/cli/*'], message: 'electron/ may import core/ (not core/cli) and never renderer/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/electron/*', '**/core/cli', '**/core/cli/*'], message: 'renderer/ talks to its host through the Host interface; it may import core/ (not core/cli), never electron/.' }] },
      ],
    },
  },
  {
    // The Vite config and its plugins run in Node at build time, not in the renderer,
    // so they may use core/cli (the digits asset generator); electron/ stays off limits.
    files: ['renderer/vite.config.ts', 'renderer/vite-*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/electron/*'], message: 'build tooling never imports electron/.' }] }],
    },
  },
);
