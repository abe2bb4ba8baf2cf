/**
 * The palette: every op of the registry, grouped by category, with its
 * description and formula on hover. Drag an item onto the canvas, or press
 * Enter/click to add it in the middle of the view.
 */
import { type DragEvent, memo, useMemo, useState } from 'react';
import type { OpDef } from '../../core/ops/define-op.js';
import { useServices } from '../app/app-context.js';
import { getOp } from '../../core/ops/registry.js';
import { canvasCenter, cardBoxes, screenToFlow } from '../app/canvas-control.js';
import { estimateCardSize, paletteGroups, searchOps } from '../model/op-catalog.js';
import { freeSpot } from '../model/placement.js';
import { addOp } from '../store/edit-actions.js';
import { GRID, OP_DRAG_TYPE } from './Canvas.js';
import { categoryClass } from './GateNode.js';
import { HoverCard } from './HoverCard.js';
import { OpDoc } from './OpDoc.js';

const GROUPS = paletteGroups();

const PaletteItem = memo(function PaletteItem({ op, onAdd }: { readonly op: OpDef; readonly onAdd: (op: string) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(OP_DRAG_TYPE, op.name);
    e.dataTransfer.setData('text/plain', op.name);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <HoverCard content={() => <OpDoc op={op} />} testId={`palette-tip-${op.name}`}>
      <button
        type="button"
        className="palette-item"
        draggable
        onDragStart={onDragStart}
        onClick={() => onAdd(op.name)}
        data-testid={`palette-item-${op.name}`}
        aria-label={`${op.name}: ${op.description}`}
      >
        <span className={`op-chip ${categoryClass(op.category)}`}>{op.label}</span>
        <span className="palette-name">{op.name}</span>
      </button>
    </HoverCard>
  );
});

export function Palette() {
  const { store } = useServices();
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    if (filter.trim() === '') return GROUPS;
    const hits = new Set(searchOps(filter).map((op) => op.name));
    return GROUPS.map((g) => ({ ...g, ops: g.ops.filter((op) => hits.has(op.name)) })).filter((g) => g.ops.length);
  }, [filter]);

  // Clicks add in free space nearest the middle of the view, clear of the cards already there.
  const onAdd = (op: string) => {
    const size = estimateCardSize(getOp(op), { id: '', op });
    addOp(store, op, freeSpot(screenToFlow(canvasCenter()), size, cardBoxes(), GRID[0]));
  };

  return (
    <aside className="palette" aria-label="gate palette" data-testid="palette">
      <div className="panel-title">Gates</div>
      <input
        className="palette-filter"
        type="search"
        placeholder="Filter gates…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label="filter gates"
        data-testid="palette-filter"
      />
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.category} className="palette-group" aria-label={g.category} data-testid={`palette-group-${g.category.replace(/\s+/g, '-')}`}>
            <h3>{g.category}</h3>
            {g.ops.map((op) => (
              <PaletteItem key={op.name} op={op} onAdd={onAdd} />
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="muted palette-none">No gate matches “{filter}”.</p>}
      </div>
      <p className="palette-hint">Drag onto the canvas, or press <kbd>/</kbd> over it.</p>
    </aside>
  );
}
