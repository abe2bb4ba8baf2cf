/**
 * The React Flow canvas. Nodes and edges are derived from the document
 * (model/flow.ts); every change React Flow reports goes back as a command
 * (moves, connections) or into the selection and view slices (selection,
 * measured sizes). A drag is one gesture: moves inside it record nothing,
 * its end records one undo step.
 */
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
  type ReactFlowState,
  useStore as useFlowStore,
} from '@xyflow/react';
import { type DragEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef } from 'react';
import type { GraphDoc } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { useApp, useServices } from '../app/app-context.js';
import { currentView, fitView, registerCanvas, screenToFlow, setView, trackPointer, ZOOM_RANGE } from '../app/canvas-control.js';
import { coalesceCanvasInput } from '../app/input-coalescing.js';
import { takeOverViewGestures } from '../app/view-gesture.js';
import type { XY } from '../model/doc-edit.js';
import { fitOptions } from '../model/view-math.js';
import { FlowCache, type GateFlowNode, type WireFlowEdge } from '../model/flow.js';
import { needsLayout } from '../model/layout-graph.js';
import { addOp, connectPorts } from '../store/edit-actions.js';
import { selectDoc, selectLayingOut, selectMeasured, selectResultsStale, selectSelection } from '../store/selectors.js';
import { useTheme } from '../app/theme.js';
import { categoryClass, GateNode } from './GateNode.js';
import { GradLegend } from './GradLegend.js';
import { Debugger } from './debug/Debugger.js';
import type { AppState } from '../store/types.js';
import { LabelLayoutContext, useLabelLayout } from './label-layout.js';
import { WireEdge } from './WireEdge.js';
import { WireOverview } from './WireOverview.js';

/** The drag-and-drop type palette items carry. */
export const OP_DRAG_TYPE = 'application/x-bpstudio-op';
export const GRID: [number, number] = [10, 10];
/** The background's dot grid at zoom 1. */
const DOTS = { gap: 20, size: 1.2 } as const;
/**
 * Beyond this many nodes, only what is on screen is rendered (except far out, see `overview`), and wire labels hide
 * while the view moves.
 */
const VISIBLE_ONLY_ABOVE = 400;
const SIMPLIFY_MOVES_ABOVE = 300;
const isBig = (doc: GraphDoc) => doc.nodes.length > SIMPLIFY_MOVES_ABOVE;
/** The view counts as moving until it has been still this long. */
const STILL_MS = 200;
/** Below this zoom, cards and wires drop their fine print (see canvas.css, "Level of detail"). */
const FAR_ZOOM = 0.6;
const TINY_ZOOM = 0.3;
const detailLevel = (s: ReactFlowState) => (s.transform[2] < TINY_ZOOM ? 'lod-far lod-tiny' : s.transform[2] < FAR_ZOOM ? 'lod-far' : '');

const NODE_TYPES = { gate: GateNode };
const NONE: never[] = [];
const EDGE_TYPES = { wire: WireEdge };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
/** The minimap paints its rects with a style, so the theme's category variables (styles/theme.css) apply. */
function miniMapColor(n: GateFlowNode): string {
  const category = getOp(n.data.node.op)?.category;
  return `var(--${category === undefined ? 'cat-unknown' : categoryClass(category)})`;
}

function snap(p: XY): XY {
  return { x: Math.round(p.x / GRID[0]) * GRID[0], y: Math.round(p.y / GRID[1]) * GRID[1] };
}

const selectTrainPanelOpen = (s: AppState) => s.trainPanel.open;

export function Canvas() {
  const { store } = useServices();
  const doc = useApp(selectDoc);
  const selection = useApp(selectSelection);
  const measured = useApp(selectMeasured);
  const layingOut = useApp(selectLayingOut);
  const trainOpen = useApp(selectTrainPanelOpen);
  const detail = useFlowStore(detailLevel);
  const stale = useApp(selectResultsStale);
  const { theme } = useTheme();
  const cache = useRef(new FlowCache());
  const wrapper = useRef<HTMLDivElement>(null);

  // A file opened without positions is shown once it is laid out: drawing and measuring every card at a provisional
  // place first, only to move them all, would double the work, on the CPU the layout itself needs.
  const unplaced = useMemo(() => needsLayout(doc), [doc]);
  const placing = layingOut && unplaced;
  const nodes = useMemo(() => (placing ? NONE : cache.current.nodes(doc, selection.nodes, measured)), [placing, doc, selection.nodes, measured]);
  // Far out on a big graph: wires are drawn as a few paths (WireOverview), and every card stays mounted, since most are
  // on screen anyway; mounting and measuring the ones that enter the view at every step of a pan cost more.
  const overview = detail.includes('lod-tiny') && isBig(doc);
  const wires = useMemo(() => (placing ? NONE : cache.current.edges(doc, selection.edges)), [placing, doc, selection.edges]);
  // There React Flow gets no edges at all: a hidden edge still costs a component and a store subscription each.
  const edges = overview ? NONE : wires;

  const visibleOnly = useRef(false);
  visibleOnly.current = nodes.length > VISIBLE_ONLY_ABOVE && !overview;
  useEffect(() => {
    const el = wrapper.current;
    const flow = el?.querySelector<HTMLElement>('.react-flow');
    if (!el || !flow) return undefined;
    // Registered first, so that pans and wheel zooms it takes over never reach the coalescing below.
    const stopGestures = takeOverViewGestures({
      root: flow,
      enabled: () => isBig(store.getState().doc),
      current: currentView,
      commit: setView,
      limits: ZOOM_RANGE,
      onlyVisibleMounted: () => visibleOnly.current,
      grid: DOTS,
    });
    const stopCoalescing = coalesceCanvasInput(el);
    return () => {
      stopGestures();
      stopCoalescing();
    };
  }, [store]);

  const onNodesChange = useCallback(
    (changes: NodeChange<GateFlowNode>[]) => {
      const s = store.getState();
      const positions = new Map<string, XY>();
      const select: { id: string; selected: boolean; edge: boolean }[] = [];
      const sizes: { id: string; dimensions: { width: number; height: number } }[] = [];
      for (const c of changes) {
        if (c.type === 'position' && c.position) positions.set(c.id, c.position);
        else if (c.type === 'select') select.push({ id: c.id, selected: c.selected, edge: false });
        else if (c.type === 'dimensions' && c.dimensions) sizes.push({ id: c.id, dimensions: c.dimensions });
      }
      if (positions.size) s.dispatch({ kind: 'move', positions, record: s.gestureStart === null });
      s.changeSelection(select);
      s.setMeasured(sizes);
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<WireFlowEdge>[]) => {
      const select = changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected, edge: true }] : []));
      store.getState().changeSelection(select);
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (c.targetHandle) connectPorts(store, c.source, c.target, c.targetHandle);
    },
    [store],
  );

  const beginGesture = useCallback(() => store.getState().beginGesture(), [store]);
  const endGesture = useCallback(() => store.getState().endGesture(), [store]);

  const onInit = useCallback((rf: ReactFlowInstance<GateFlowNode, WireFlowEdge>) => {
    registerCanvas(rf, wrapper.current);
    fitView(false);
  }, []);

  // Marked on the element directly: a React re-render at every pan start and end would cost more than it saves; a data
  // attribute, as React owns className. It stays until the view has been still for a moment: d3-zoom's start and end
  // events do not pair up (a wheel gesture ends 150 ms after its last event, possibly in the middle of a drag).
  const still = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(still.current), []);
  const onMove = useCallback(() => {
    const el = wrapper.current;
    if (!el || !isBig(store.getState().doc)) return;
    if (!el.hasAttribute('data-moving')) el.setAttribute('data-moving', '');
    clearTimeout(still.current);
    still.current = setTimeout(() => el.removeAttribute('data-moving'), STILL_MS);
  }, [store]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(OP_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const op = e.dataTransfer.getData(OP_DRAG_TYPE);
      if (!op) return;
      e.preventDefault();
      e.stopPropagation();
      addOp(store, op, snap(screenToFlow({ x: e.clientX, y: e.clientY })));
    },
    [store],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.classList.contains('react-flow__pane')) return;
      const screen = { x: e.clientX, y: e.clientY };
      store.getState().openSearch({ screen, flow: snap(screenToFlow(screen)) });
    },
    [store],
  );

  const labelLayout = useLabelLayout();

  return (
    <LabelLayoutContext.Provider value={labelLayout}>
    <div
      className={`canvas ${detail}${stale ? ' results-stale' : ''}`}
      ref={wrapper}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDoubleClick={onDoubleClick}
      onMouseMove={(e) => trackPointer({ x: e.clientX, y: e.clientY })}
      onMouseLeave={() => trackPointer(null)}
    >
      <ReactFlow<GateFlowNode, WireFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={beginGesture}
        onNodeDragStop={endGesture}
        onSelectionDragStart={beginGesture}
        onSelectionDragStop={endGesture}
        onInit={onInit}
        onMove={onMove}
        snapToGrid
        snapGrid={GRID}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        zoomOnDoubleClick={false}
        disableKeyboardA11y
        onlyRenderVisibleElements={visibleOnly.current}
        minZoom={ZOOM_RANGE.min}
        maxZoom={ZOOM_RANGE.max}
        connectionRadius={28}
        attributionPosition="top-right"
        aria-label="graph canvas"
        colorMode={theme}
      >
        <Background variant={BackgroundVariant.Dots} gap={DOTS.gap} size={DOTS.size} color="var(--dots)" />
        {/* Under an open training panel the canvas is a strip the minimap would half cover. */}
        {!trainOpen && <MiniMap<GateFlowNode> pannable zoomable nodeColor={miniMapColor} nodeStrokeWidth={0} maskColor="var(--minimap-mask)" ariaLabel="minimap" />}
        <Controls showInteractive={false} fitViewOptions={fitOptions(doc.nodes.length, ZOOM_RANGE.min)} />
        {overview && <WireOverview edges={wires} />}
        <GradLegend />
        <Debugger />
      </ReactFlow>
      {layingOut && (
        <div className="canvas-overlay" role="status">
          Laying out the graph…
        </div>
      )}
      {doc.nodes.length === 0 && !layingOut && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <p>An empty graph.</p>
          <p>Drag a gate from the palette, or press <kbd>/</kbd> or double-click here to search for one.</p>
        </div>
      )}
    </div>
    </LabelLayoutContext.Provider>
  );
}
