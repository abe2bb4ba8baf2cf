/** One uPlot chart with its title: the shell the training views share. */
import { useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import { type ChartSpec, useUplot } from './use-uplot.js';

export interface CurveChartProps {
  readonly title: string;
  readonly spec: ChartSpec;
  readonly testId: string;
  /** Short text after the title (units, what the dashed line means). */
  readonly note?: string;
}

export function CurveChart({ title, spec, testId, note }: CurveChartProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  useUplot(host, spec);
  return (
    <section className="curve-chart" data-testid={testId} data-title={title}>
      <h4 className="train-h">
        {title}
        {note !== undefined && <span className="train-note"> {note}</span>}
      </h4>
      <div ref={host} className="curve-host" />
    </section>
  );
}
