/**
 * Dev-only page that renders the training views with synthetic data, for
 * looking at them (and screenshots) without the engine: `?live` appends steps
 * to the current run every 100 ms to exercise the setData path.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles/app.css';
import { ConfusionMatrix } from '../components/train/ConfusionMatrix.js';
import { DataView } from '../components/train/DataView.js';
import { Diagnostics } from '../components/train/Diagnostics.js';
import { TrainingCurves } from '../components/train/TrainingCurves.js';
import { newRun } from '../model/train-history.js';
import { demoRun, digitsView, reluRunDiagnostics, spiralView, softBoundary, tanhNetDiagnostics } from './demo-data.js';

const params = new URLSearchParams(location.search);
const steps = Number(params.get('steps') ?? 100_000);
const runs = [demoRun(1, 'sgd lr 0.5 · batch 16 · seed 1', 4000, 0.5, null, 1), demoRun(2, 'sgd lr 0.1 momentum 0.9 · batch 32 · seed 1', steps, 0.1, Math.floor(steps * 0.3), 2)];
reluRunDiagnostics(runs[1]);
const spiral = spiralView();
const boundary = softBoundary(spiral);
const digits = digitsView();
const inits = [
  { name: 'init-small (std 0.01)', std: () => 0.01 * Math.sqrt(500 / 300) },
  { name: 'init-xavier (1/√fan-in)', std: (n: number) => 1 / Math.sqrt(n) },
  { name: 'init-he (√(2/fan-in))', std: (n: number) => Math.sqrt(2 / n) },
].map(({ name, std }) => {
  const h = newRun(1, name);
  h.diagnostics.push(tanhNetDiagnostics(std));
  h.version = 1;
  return { name, h };
});

function Demo(): React.JSX.Element {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!params.has('live')) return;
    const id = setInterval(() => {
      const h = runs[1];
      const last = h.steps.at(-1) ?? 0;
      for (let s = last + 1; s <= last + 300; s++) {
        h.steps.push(s);
        h.loss.push(0.05 + 0.02 * Math.random());
        h.lr.push(0.01);
      }
      h.version++;
      setTick((t) => t + 1);
    }, 100);
    return () => clearInterval(id);
  }, []);
  const [live, setLive] = useState(true);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, padding: 16, alignItems: 'flex-start', background: 'var(--bg)' }}>
      <Panel title="TrainingCurves" width={480}>
        <TrainingCurves runs={runs} current={2} />
      </Panel>
      <Panel title="DataView (2-D + boundary)" width={440}>
        <label>
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> boundary
        </label>
        <DataView data={spiral} boundary={live ? boundary : undefined} />
      </Panel>
      <Panel title="DataView (images + predictions)" width={480}>
        <DataView data={digits.view} predictions={digits.predictions} />
      </Panel>
      <Panel title="Diagnostics (relu run)" width={480}>
        <Diagnostics history={runs[1]} />
      </Panel>
      {inits.map(({ name, h }) => (
        <Panel key={name} title={`Diagnostics: ${name}`} width={480}>
          <Diagnostics history={h} />
        </Panel>
      ))}
      <Panel title="ConfusionMatrix (3 classes, names)" width={420}>
        <ConfusionMatrix confusion={[[40, 3, 0], [5, 30, 12], [0, 1, 44]]} classNames={['cat', 'dog', 'bird']} />
      </Panel>
      <Panel title="Empty states" width={420}>
        <TrainingCurves runs={[]} current={0} />
        <Diagnostics history={newRun(3, 'none')} />
      </Panel>
    </div>
  );
}

function Panel({ title, width, children }: { title: string; width: number; children: React.ReactNode }): React.JSX.Element {
  return (
    <div style={{ width, padding: 12, background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 8 }} data-demo={title}>
      <div className="panel-title" style={{ padding: '0 0 8px' }}>
        {title}
      </div>
      {children}
    </div>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Demo />
    </StrictMode>,
  );
