/**
 * The inspector for one selected edge: where it runs, its problems, the shape
 * of what flows along it, and after Run the value flowing forward and the
 * gradient flowing back along this very edge (its consumer's partial; where
 * the source fans out, the partials of all its edges add up to its gradient).
 */
import { memo } from 'react';
import type { GraphEdge } from '../../core/graph/types.js';
import { formatShape } from '../../core/tensor/shape.js';
import { useApp, useServices } from '../app/app-context.js';
import { deleteSelection } from '../store/edit-actions.js';
import { edgeGrad, edgeProblems, nodeGrad, nodeOutEdges, nodeShape, nodeValue } from '../store/selectors.js';
import { formatNumber } from '../model/tensor-text.js';
import { TensorView } from './tensor/TensorView.js';
import { ProblemsSection } from './ProblemsSection.js';
import '../styles/tensor.css';

export const EdgeInspector = memo(function EdgeInspector({ id, edge }: { readonly id: string; readonly edge: GraphEdge }) {
  const { store } = useServices();
  const problems = useApp((s) => edgeProblems(s, id));
  const shape = useApp((s) => nodeShape(s, edge.from));
  const value = useApp((s) => nodeValue(s, edge.from));
  const grad = useApp((s) => edgeGrad(s, id));
  const total = useApp((s) => nodeGrad(s, edge.from));
  const siblings = useApp((s) => nodeOutEdges(s, edge.from));
  return (
    <div className="inspector-body" data-testid="inspector-edge">
      <p className="edge-route" data-testid="inspector-edge-route">
        <code>{edge.from}</code> → port <code>{edge.port}</code> of <code>{edge.to}</code>
      </p>
      <ProblemsSection problems={problems} />
      <section className="inspector-section">
        <h4>Shape</h4>
        <p data-testid="inspector-shape">{shape ? (shape.length ? formatShape(shape) : 'scalar []') : <span className="muted">unknown until the graph is valid</span>}</p>
      </section>
      <section className="inspector-section">
        <h4>Last run</h4>
        {!value && !grad && <p className="muted">Run the graph to see what flows along this edge.</p>}
        {value && <TensorView t={value} kind="value" title={`value of ${edge.from} →`} summaryId="inspector-edge-value" prefix="edge-tensor-value" />}
        {grad && <TensorView t={grad} kind="grad" title={`← gradient from ${edge.to}.${edge.port}`} summaryId="inspector-edge-grad" prefix="edge-tensor-grad" />}
        {value && !grad && <p className="muted">No gradient flows back along this edge: its consumer is not on the output’s path.</p>}
        {grad && total && siblings.length > 1 && (
          <p className="fanout-note" data-testid="inspector-edge-fanout">
            {edge.from} feeds {siblings.length} inputs (a copy gate): the gradients coming back along them add up to ∇{edge.from}
            {total.data.length === 1 ? ` = ${formatNumber(total.data[0])}` : ''}.
          </p>
        )}
      </section>
      <div className="btn-row inspector-section">
        <button type="button" className="btn btn-danger" onClick={() => deleteSelection(store)} data-testid="inspector-delete">
          Delete
        </button>
      </div>
    </div>
  );
});
