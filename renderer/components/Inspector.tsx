/**
 * The inspector: for one selected node its label, id, op documentation,
 * problems, inferred shape, typed attrs, stored value and the last run's
 * value and gradient (statistics, table, heatmap, images); for one edge what
 * flows along it (EdgeInspector); with nothing selected, the document's name,
 * description and output; with several, what can be done to them.
 */
import { memo, useEffect, useState } from 'react';
import type { GraphNode } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { formatShape } from '../../core/tensor/shape.js';
import { useApp, useServices } from '../app/app-context.js';
import { attrTypeText } from '../model/attr-input.js';
import { idProblem } from '../model/ids.js';
import { tensorAttrs } from '../model/op-catalog.js';
import { deleteSelection, duplicateSelection } from '../store/edit-actions.js';
import { nodeGrad, nodeProblems, nodeShape, nodeValue, selectEdges, selectInspected, selectInspectedEdge, selectInspectedEdgeId, selectSelection } from '../store/selectors.js';
import { EdgeInspector } from './EdgeInspector.js';
import { ProblemsSection } from './ProblemsSection.js';
import { TensorView } from './tensor/TensorView.js';
import { AttrField } from './AttrField.js';
import { DocumentPanel } from './DocumentPanel.js';
import { OpDoc } from './OpDoc.js';
import { ValueEditor } from './ValueEditor.js';
import { count } from '../model/plural.js';
import { InspectorBreakpoint } from './debug/InspectorBreakpoint.js';

/**
 * The id field: renamed on Enter or blur when the new id is free; the edges and output follow.
 * A refused id stays in the field with the reason under it, so the user sees why nothing
 * happened and can fix the text; Escape puts the current id back.
 */
function IdField({ node }: { readonly node: GraphNode }) {
  const { store } = useServices();
  const [draft, setDraft] = useState(node.id);
  useEffect(() => setDraft(node.id), [node.id]);
  const problem = idProblem(draft, new Set(store.getState().doc.nodes.map((n) => n.id)), node.id);
  const commit = () => {
    if (problem !== undefined || draft === node.id) return;
    if (store.getState().dispatch({ kind: 'rename', node: node.id, to: draft }).ok) store.getState().select([draft]);
  };
  return (
    <label className="attr">
      <span className="attr-name">id</span>
      <input
        className={`attr-input${problem ? ' invalid' : ''}`}
        value={draft}
        spellCheck={false}
        aria-label="node id"
        aria-invalid={problem !== undefined}
        data-testid="inspector-id"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(node.id);
        }}
      />
      {problem && (
        <span className="attr-error" role="alert" data-testid="inspector-id-error">
          {problem}
        </span>
      )}
    </label>
  );
}

const NodeInspector = memo(function NodeInspector({ node }: { readonly node: GraphNode }) {
  const { store } = useServices();
  const op = getOp(node.op);
  const problems = useApp((s) => nodeProblems(s, node.id));
  const shape = useApp((s) => nodeShape(s, node.id));
  const value = useApp((s) => nodeValue(s, node.id));
  const grad = useApp((s) => nodeGrad(s, node.id));
  const isOutput = useApp((s) => s.doc.output === node.id);
  const edges = useApp(selectEdges);
  const label = typeof node.ui?.['label'] === 'string' ? node.ui['label'] : '';
  const dispatch = store.getState().dispatch;

  return (
    <div className="inspector-body" data-testid="inspector-node">
      <label className="attr">
        <span className="attr-name">label</span>
        <input
          className="attr-input"
          value={label}
          placeholder={node.id}
          aria-label="node label"
          data-testid="inspector-label"
          onChange={(e) => dispatch({ kind: 'set-label', node: node.id, label: e.target.value })}
        />
      </label>
      <IdField node={node} />
      {op ? <OpDoc op={op} brief /> : <p className="attr-error">unknown op “{node.op}”</p>}
      <ProblemsSection problems={problems} />
      {op &&
        tensorAttrs(op).map((name) => (
          <section key={name} className="inspector-section">
            <h4>{name === 'value' ? 'Value' : name}</h4>
            <ValueEditor nodeId={node.id} name={name} raw={node.attrs?.[name]} />
          </section>
        ))}
      <section className="inspector-section">
        <h4>Shape</h4>
        <p data-testid="inspector-shape">{shape ? (shape.length ? formatShape(shape) : 'scalar []') : <span className="muted">unknown until the graph is valid</span>}</p>
      </section>
      {op && op.inputs.length > 0 && (
        <section className="inspector-section">
          <h4>Inputs</h4>
          <ul className="port-list" data-testid="inspector-inputs">
            {op.inputs.map((port) => {
              const from = edges.find((e) => e.to === node.id && e.port === port.name)?.from;
              return (
                <li key={port.name} title={port.description}>
                  <code>{port.name}</code> ←{' '}
                  {from !== undefined ? <code>{from}</code> : <span className={port.optional ? 'muted' : 'attr-error-inline'}>{port.optional ? 'not connected (optional)' : 'not connected'}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {op && Object.keys(op.attrs).some((k) => op.attrs[k].type !== 'tensor') && (
        <section className="inspector-section">
          <h4>Attributes</h4>
          {Object.entries(op.attrs)
            .filter(([, spec]) => spec.type !== 'tensor')
            .map(([name, spec]) => (
              <div key={name} className="attr-row">
                <AttrField nodeId={node.id} name={name} spec={spec} raw={node.attrs?.[name]} compact={false} testId={`inspector-attr-${name}`} />
                <p className="attr-help">
                  {spec.description} <span className="muted">({attrTypeText(spec)})</span>
                </p>
              </div>
            ))}
        </section>
      )}
      <section className="inspector-section">
        <h4>Output</h4>
        {isOutput ? (
          <p className="muted" data-testid="inspector-is-output">This is the graph’s output: the backward pass starts here with gradient 1.</p>
        ) : (
          <button type="button" className="btn" data-testid="inspector-set-output" onClick={() => dispatch({ kind: 'set-output', node: node.id })}>
            Make this the output
          </button>
        )}
      </section>
      <InspectorBreakpoint id={node.id} />
      {(value || grad) && (
        <section className="inspector-section">
          <h4>Last run</h4>
          {value && <TensorView t={value} kind="value" title="value" summaryId="inspector-run-value" prefix="tensor-value" />}
          {grad && <TensorView t={grad} kind="grad" title="gradient" summaryId="inspector-run-grad" prefix="tensor-grad" />}
        </section>
      )}
    </div>
  );
});


export function Inspector() {
  const { store } = useServices();
  const node = useApp(selectInspected);
  const edge = useApp(selectInspectedEdge);
  const edgeId = useApp(selectInspectedEdgeId);
  const selection = useApp(selectSelection);
  const selected = selection.nodes.size + selection.edges.size;
  return (
    <aside className="inspector" aria-label="inspector" data-testid="inspector">
      <div className="panel-title">{node ? 'Node' : selected > 1 ? 'Selection' : selected === 1 ? 'Edge' : 'Graph'}</div>
      {node ? (
        <NodeInspector key={node.id} node={node} />
      ) : edge && edgeId !== undefined ? (
        <EdgeInspector key={edgeId} id={edgeId} edge={edge} />
      ) : selected > 0 ? (
        <div className="inspector-body" data-testid="inspector-selection">
          <p>
            {count(selection.nodes.size, 'node')} and {count(selection.edges.size, 'edge')} selected.
          </p>
          <div className="btn-row">
            {selection.nodes.size > 0 && (
              <button type="button" className="btn" onClick={() => duplicateSelection(store)} data-testid="inspector-duplicate">
                Duplicate
              </button>
            )}
            <button type="button" className="btn btn-danger" onClick={() => deleteSelection(store)} data-testid="inspector-delete">
              Delete
            </button>
          </div>
        </div>
      ) : (
        <DocumentPanel />
      )}
    </aside>
  );
}
