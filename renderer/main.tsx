/**
 * Entry point: picks the host (Electron bridge or browser), creates the one
 * store and the engine worker, opens straight into the seeds' f = (x + y) z, starts the background
 * services, renders, and offers to recover unsaved work from a crash.
 */
import '@xyflow/react/dist/style.css';
import 'katex/dist/katex.min.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/train-panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { AppContext } from './app/app-context.js';
import { BackendActions } from './app/backend-actions.js';
import { DebugActions } from './app/debug-actions.js';
import { DocumentActions } from './app/document-actions.js';
import { findExample, START_EXAMPLE } from './app/examples.js';
import { startLiveRun } from './app/live-run-service.js';
import { startTheme } from './app/theme.js';
import { startAnalysis, startBackups, startTitleReports } from './app/services.js';
import { TrainActions } from './app/train-actions.js';
import { createEngineWorker } from './engine/create-worker.js';
import { EngineClient } from './engine/engine-client.js';
import { digitsAssetUrl } from './model/digits-data.js';
import { chooseHost } from './host/choose-host.js';
import { createAppStore } from './store/store.js';
import { warmUpLayout } from './workers/elk-layout.js';

startTheme();
const host = chooseHost();
const store = createAppStore();
// The worker's reports go to the training actions, which need the client: the handlers run only once both exist.
const engine = new EngineClient(
  createEngineWorker,
  {
    onProgress: (p) => train.onProgress(p),
    onVisuals: (v) => train.onVisuals(v),
    onRestart: (reason) => store.getState().toast('error', `The engine stopped (${reason}) and was restarted; the document is untouched. Training, if any, was lost.`),
  },
  digitsAssetUrl(document.baseURI),
);
const train = new TrainActions(store, engine);
const actions = new DocumentActions(store, host, engine);
const debug = new DebugActions(store, engine);
const backend = new BackendActions(store, engine);
void backend.start();

const start = findExample(START_EXAMPLE);
if (start) actions.openDocument({ file: { name: start.file }, text: start.text });
train.startSync();
debug.startSync();
startAnalysis(store, (doc) => engine.call((api) => api.analyze(doc)));
startLiveRun(store, actions);
startBackups(store, host);
startTitleReports(store, host);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={{ store, actions, train, debug, backend }}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);

// Once the start screen is up, get the layout engine ready for the first file that has no positions.
requestIdleCallback(() => warmUpLayout(), { timeout: 3000 });

host.recoverable().then(
  (items) => {
    if (items.length > 0 && store.getState().modal === null) store.getState().openModal({ kind: 'recover', items });
  },
  () => undefined,
);
