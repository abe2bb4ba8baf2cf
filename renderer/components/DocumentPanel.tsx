/** The inspector with nothing selected: the graph's name, description, output and what it trains on. */
import { useApp, useServices } from '../app/app-context.js';
import { selectDoc, selectProblems } from '../store/selectors.js';
import { count } from '../model/plural.js';

function metaText(meta: Readonly<Record<string, unknown>> | undefined, key: string): string {
  const v = meta?.[key];
  return typeof v === 'string' ? v : '';
}

export function DocumentPanel() {
  const { store } = useServices();
  const doc = useApp(selectDoc);
  const problems = useApp(selectProblems);
  const dispatch = store.getState().dispatch;
  const dataset = doc.training?.['dataset'];
  const datasetName = typeof dataset === 'object' && dataset !== null ? (dataset as { name?: unknown }).name : undefined;
  const outputExists = doc.nodes.some((n) => n.id === doc.output);

  return (
    <div className="inspector-body" data-testid="inspector-document">
      <label className="attr attr-block">
        <span className="attr-name">name</span>
        <input
          className="attr-input"
          value={metaText(doc.meta, 'name')}
          placeholder="a name for this graph"
          aria-label="graph name"
          data-testid="doc-name"
          onChange={(e) => dispatch({ kind: 'set-meta', key: 'name', value: e.target.value })}
        />
      </label>
      <label className="attr attr-block">
        <span className="attr-name">description</span>
        <textarea
          className="attr-input"
          rows={6}
          value={metaText(doc.meta, 'description')}
          placeholder="what this graph shows"
          aria-label="graph description"
          data-testid="doc-description"
          onChange={(e) => dispatch({ kind: 'set-meta', key: 'description', value: e.target.value })}
        />
      </label>
      <label className="attr attr-block">
        <span className="attr-name">output</span>
        <select
          className="attr-input"
          value={outputExists ? doc.output : ''}
          aria-label="graph output"
          data-testid="doc-output"
          onChange={(e) => dispatch({ kind: 'set-output', node: e.target.value })}
        >
          {!outputExists && <option value="">{doc.output === '' ? '— none —' : `${doc.output} (missing)`}</option>}
          {doc.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.id}
            </option>
          ))}
        </select>
      </label>
      <section className="inspector-section">
        <h4>Graph</h4>
        <p data-testid="doc-counts">
          {count(doc.nodes.length, 'node')}, {count(doc.edges.length, 'edge')} · {problems.length === 0 ? 'no problems' : count(problems.length, 'problem')}
        </p>
        {typeof datasetName === 'string' && (
          <p className="muted">Trains on the “{datasetName}” dataset (training block). Dataset-bound inputs get their shapes from it.</p>
        )}
        {doc.mode !== undefined && <p className="muted">Mode: {doc.mode}</p>}
      </section>
      <section className="inspector-section">
        <h4>Tips</h4>
        <ul className="tips">
          <li>Drag gates from the palette, or press <kbd>/</kbd> over the canvas.</li>
          <li>Drag from an output (right) to an input (left) to wire them.</li>
          <li>Shift-drag to box-select; Shift-click to add to the selection.</li>
          <li>Run shows each value in green and its gradient in red.</li>
        </ul>
      </section>
    </div>
  );
}
