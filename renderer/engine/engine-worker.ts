/**
 * The engine's Web Worker: every kernel the editor runs (Run, training,
 * analysis) runs here, never on the page's thread. Loaded the same way in
 * Electron (app://, CSP worker-src 'self') and in the browser build.
 */
import { expose } from 'comlink';
import { createEngineApi } from './engine-api.js';

expose(createEngineApi());
