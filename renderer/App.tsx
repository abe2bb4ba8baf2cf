/** The editor's frame: toolbar, palette, canvas, inspector, status bar, and the overlays (search, toasts, dialogs). */
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback } from 'react';
import { type AppCommand, runCommand } from './app/app-commands.js';
import { useServices } from './app/app-context.js';
import { Canvas } from './components/Canvas.js';
import { Dialogs } from './components/Dialogs.js';
import { Inspector } from './components/Inspector.js';
import { Palette } from './components/Palette.js';
import { SearchBox } from './components/SearchBox.js';
import { ProblemsPanel, StatusBar } from './components/StatusBar.js';
import { Toasts } from './components/Toasts.js';
import { Toolbar } from './components/Toolbar.js';
import { TrainingPanel } from './components/train/TrainingPanel.js';
import { useFileDrop } from './hooks/use-file-drop.js';
import { useHostEvents } from './hooks/use-host-events.js';
import { useShortcuts } from './hooks/use-shortcuts.js';

export function App() {
  const { store, actions, train, debug } = useServices();
  const run = useCallback((cmd: AppCommand) => runCommand(cmd, store, actions, train, debug), [store, actions, train, debug]);
  useShortcuts(store, actions.host, run);
  useHostEvents(store, actions, run);
  const dropping = useFileDrop(actions);

  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar onCommand={run} />
        <Palette />
        <main className="workspace" aria-label="graph editor">
          <Canvas />
          <Toasts />
          <ProblemsPanel />
        </main>
        <TrainingPanel />
        <Inspector />
        <StatusBar />
      </div>
      <SearchBox />
      <Dialogs />
      {dropping && (
        <div className="drop-hint" data-testid="drop-hint">
          Drop a .bpgraph file to open it
        </div>
      )}
    </ReactFlowProvider>
  );
}
