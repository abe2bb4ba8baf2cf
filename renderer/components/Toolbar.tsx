/** The toolbar: file commands, examples, undo/redo, Run and layout, and the document's name with its unsaved marker. */
import type { AppCommand } from '../app/app-commands.js';
import { useApp, useServices } from '../app/app-context.js';
import {
  selectCanRedo,
  selectCanUndo,
  selectDirty,
  selectFile,
  selectNodeCount,
  selectRedoLabel,
  selectRunStatus,
  selectUndoLabel,
} from '../store/selectors.js';
import type { AppState } from '../store/types.js';
import { Icon, type IconName } from './icons.js';
import { parseThemePref, setThemePref, THEME_PREFS, useTheme } from '../app/theme.js';

const selectTrainOpen = (s: AppState) => s.trainPanel.open;

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

interface ButtonProps {
  readonly icon: IconName;
  readonly label: string;
  readonly title: string;
  readonly testId: string;
  readonly onClick: () => void;
  readonly disabled?: boolean;
  readonly primary?: boolean;
}

function ToolButton({ icon, label, title, testId, onClick, disabled, primary }: ButtonProps) {
  return (
    <button type="button" className={`tool${primary ? ' tool-primary' : ''}`} onClick={onClick} disabled={disabled} title={title} aria-label={label} data-testid={testId}>
      <Icon name={icon} />
      <span className="tool-label">{label}</span>
    </button>
  );
}

export function Toolbar({ onCommand }: { readonly onCommand: (cmd: AppCommand) => void }) {
  const { actions } = useServices();
  const file = useApp(selectFile);
  const dirty = useApp(selectDirty);
  const canUndo = useApp(selectCanUndo);
  const canRedo = useApp(selectCanRedo);
  const undoLabel = useApp(selectUndoLabel);
  const redoLabel = useApp(selectRedoLabel);
  const runStatus = useApp(selectRunStatus);
  const nodeCount = useApp(selectNodeCount);
  const trainOpen = useApp(selectTrainOpen);
  const { pref, theme } = useTheme();

  return (
    <header className="toolbar" role="toolbar" aria-label="main toolbar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">∂</span> Backprop Studio
      </div>
      <div className="tool-group">
        <ToolButton icon="new" label="New" title={`New graph (${MOD}N)`} testId="tb-new" onClick={() => onCommand('new')} />
        <ToolButton icon="open" label="Open" title={`Open a .bpgraph file (${MOD}O)`} testId="tb-open" onClick={() => onCommand('open')} />
        <ToolButton icon="save" label="Save" title={`Save (${MOD}S); Save As: ${MOD}Shift+S`} testId="tb-save" onClick={() => onCommand('save')} />
        <button type="button" className="tool tool-text" onClick={() => onCommand('save-as')} title={`Save As (${MOD}Shift+S)`} data-testid="tb-save-as">
          Save As…
        </button>
        <ToolButton icon="examples" label="Examples" title="Examples gallery" testId="tb-examples" onClick={() => onCommand('examples')} />
      </div>
      <div className="tool-group">
        <ToolButton icon="undo" label="Undo" title={undoLabel ? `Undo ${undoLabel} (${MOD}Z)` : 'Nothing to undo'} testId="tb-undo" onClick={() => onCommand('undo')} disabled={!canUndo} />
        <ToolButton icon="redo" label="Redo" title={redoLabel ? `Redo ${redoLabel} (${MOD}Shift+Z)` : 'Nothing to redo'} testId="tb-redo" onClick={() => onCommand('redo')} disabled={!canRedo} />
        <ToolButton icon="search" label="Add" title="Add a gate by name (/)" testId="tb-add" onClick={() => onCommand('add-node')} />
        <ToolButton icon="layout" label="Layout" title="Arrange the graph automatically (ELK)" testId="tb-layout" onClick={() => onCommand('auto-layout')} disabled={nodeCount === 0} />
      </div>
      <div className="doc-title" data-testid="doc-title" title={file.path ?? file.name}>
        <span className="doc-name">{file.name}</span>
        {dirty && (
          <span className="dirty-dot" data-testid="dirty-marker" aria-label="unsaved changes" title="unsaved changes">
            ●
          </span>
        )}
        <span className="doc-host">{actions.host.kind === 'electron' ? 'desktop' : 'browser'}</span>
      </div>
      <div className="tool-group tool-group-end">
        <select
          className="tool-theme"
          value={pref}
          onChange={(e) => setThemePref(parseThemePref(e.target.value))}
          aria-label="Theme"
          title={`Colour theme (now ${theme})`}
          data-testid="tb-theme"
        >
          {THEME_PREFS.map((p) => (
            <option key={p} value={p}>
              {p === 'system' ? 'System' : p === 'light' ? 'Light' : 'Dark'}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`tool${trainOpen ? ' tool-on' : ''}`}
          onClick={() => onCommand('train-panel')}
          title={`Training panel: datasets, curves, decision boundary (${MOD}J)`}
          aria-pressed={trainOpen}
          data-testid="tb-train"
        >
          <Icon name="train" />
          <span className="tool-label">Train</span>
        </button>
        <ToolButton icon="check" label="Check gradients" title="Check gradients: the backward pass against finite differences, per param and input" testId="tb-gradcheck" onClick={() => onCommand('gradcheck')} disabled={nodeCount === 0} />
        <ToolButton icon="debug" label="Debug" title="Debug: step through the forward and backward pass node by node (F10 step, F5 continue)" testId="tb-debug" onClick={() => onCommand('debug-start')} disabled={nodeCount === 0} />
        <ToolButton
          icon="run"
          label={runStatus === 'running' ? 'Running…' : 'Run'}
          title={`Forward and backward pass in the engine: values in green, gradients in red (${MOD}Enter)`}
          testId="tb-run"
          onClick={() => onCommand('run')}
          disabled={runStatus === 'running' || nodeCount === 0}
          primary
        />
      </div>
    </header>
  );
}
