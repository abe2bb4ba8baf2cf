/**
 * Add by search, like Blender's Shift+A or ComfyUI's: `/` or a double-click
 * on the canvas opens this box at the pointer; type, move with the arrow
 * keys, Enter adds the op where the box was opened.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useServices } from '../app/app-context.js';
import { searchOps } from '../model/op-catalog.js';
import { addOp } from '../store/edit-actions.js';
import { selectSearch } from '../store/selectors.js';
import { categoryClass } from './GateNode.js';

const BOX_WIDTH = 300;
const BOX_HEIGHT = 340;

export function SearchBox() {
  const { store } = useServices();
  const box = useApp(selectSearch);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const results = useMemo(() => searchOps(query), [query]);

  useEffect(() => {
    setQuery('');
    setActive(0);
  }, [box]);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (!box) return null;
  const close = () => store.getState().openSearch(null);
  const choose = (op: string) => {
    close();
    addOp(store, op, box.flow);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && results[active]) choose(results[active].name);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };
  const left = Math.max(8, Math.min(box.screen.x, window.innerWidth - BOX_WIDTH - 8));
  const top = Math.max(8, Math.min(box.screen.y, window.innerHeight - BOX_HEIGHT - 8));

  return (
    <div className="searchbox" style={{ left, top, width: BOX_WIDTH }} data-testid="search-box" role="dialog" aria-label="add a gate">
      <input
        autoFocus
        className="searchbox-input"
        placeholder="Add a gate…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
        role="combobox"
        aria-expanded="true"
        aria-controls="search-results"
        aria-activedescendant={results[active] ? `search-${results[active].name}` : undefined}
        aria-label="search gates"
        data-testid="search-input"
      />
      <ul className="searchbox-results" id="search-results" role="listbox" ref={list}>
        {results.map((op, i) => (
          <li
            key={op.name}
            id={`search-${op.name}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            data-testid={`search-result-${op.name}`}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(op.name);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className={`op-chip ${categoryClass(op.category)}`}>{op.label}</span>
            <span className="searchbox-name">{op.name}</span>
            <span className="searchbox-desc">{op.description.replace(/^[^:]+:\s*/, '')}</span>
          </li>
        ))}
        {results.length === 0 && <li className="muted searchbox-none">No gate matches “{query}”.</li>}
      </ul>
    </div>
  );
}
