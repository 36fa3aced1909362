/** One uPlot chart of the Curves view (the loss or its derivative), with a probe line and a linked cursor. */
import { createEffect, createMemo, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../../lib/format';
import type { CurveData } from './compute';

export interface CurveChartProps {
  readonly label: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly data: CurveData;
  readonly which: 'value' | 'slope';
  readonly hidden: readonly string[];
  readonly logY: boolean;
  readonly colors: readonly string[];
  readonly probe: number;
  readonly theme: 'light' | 'dark';
  readonly onHover: (x: number | undefined) => void;
  readonly onChart?: (chart: uPlot | undefined) => void;
  readonly testId: string;
}

const HEIGHT = 320;
const SYNC_KEY = 'losslab-curves';

/** uPlot draws gaps for nulls; ±∞ and NaN have no place on a finite axis (and ≤ 0 none on a log one). */
function plottable(values: Float64Array, log: boolean): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    out[k] = Number.isFinite(v) && (!log || v > 0) ? v : null;
  }
  return out;
}

export function CurveChart(props: CurveChartProps) {
  let host!: HTMLDivElement;
  let chart: uPlot | undefined;
  /** The structure key the chart was built for. */
  let builtFor = '';

  const alignedData = (): uPlot.AlignedData => {
    const log = props.logY && props.which === 'value';
    return [
      Array.from(props.data.xs),
      ...props.data.curves.map((c) => plottable(props.which === 'value' ? c.value : c.slope, log)),
    ];
  };

  const build = () => {
    chart?.destroy();
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--text').trim() || '#000';
    const grid = style.getPropertyValue('--grid').trim() || 'rgba(0,0,0,0.1)';
    const muted = style.getPropertyValue('--muted').trim() || '#666';
    const log = props.logY && props.which === 'value';
    const axis = (label: string): uPlot.Axis => ({
      label,
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      labelFont: '13px system-ui, sans-serif',
      font: '12px ui-monospace, monospace',
      // uPlot's default labels round 1e-4 to "0" on log axes; ours keep exponents.
      values: (_u: uPlot, splits: number[]) => splits.map((v) => (v === null ? '' : formatNumber(v, 3))),
    });
    const options: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { sync: { key: SYNC_KEY }, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
      axes: [axis(props.xLabel), { ...axis(props.yLabel), size: 60 }],
      series: [
        { label: props.xLabel },
        ...props.data.curves.map((c, k) => ({
          label: c.id,
          stroke: props.colors[k] ?? text,
          width: 2,
          show: !props.hidden.includes(c.id),
          spanGaps: false,
          points: { show: false },
        })),
      ],
      hooks: {
        setCursor: [
          (u) => {
            const left = u.cursor.left;
            props.onHover(left === undefined || left < 0 ? undefined : u.posToVal(left, 'x'));
          },
        ],
        draw: [
          (u) => {
            // The probe: a dashed vertical line across the plotting area.
            const x = Math.round(u.valToPos(props.probe, 'x', true));
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = muted;
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    chart = new uPlot(options, alignedData(), host);
    builtFor = structure();
    chart.root.querySelector('canvas')?.setAttribute('data-testid', `${props.testId}-canvas`);
    props.onChart?.(chart);
  };

  onMount(() => {
    build();
    const observer = new ResizeObserver(() => {
      if (chart && host.clientWidth > 0) chart.setSize({ width: host.clientWidth, height: HEIGHT });
    });
    observer.observe(host);
    onCleanup(() => observer.disconnect());
  });
  // A new set of series, a log switch or a theme change rebuilds; new numbers only replace the data.
  // Memos of strings: they notify only when the text changes, not on every new data object.
  const structure = createMemo(() =>
    [props.data.curves.map((c) => c.id).join(','), props.logY, props.theme, props.colors.join(',')].join('|'),
  );
  // One effect for both, so new data never reaches a chart built for another set of series
  // (uPlot's setData throws when the data has fewer series than the chart).
  createEffect(
    on(
      [structure, () => props.data],
      ([key]) => {
        if (key !== builtFor) build();
        else chart?.setData(alignedData());
      },
      { defer: true },
    ),
  );
  const hiddenKey = createMemo(() => props.hidden.join(','));
  createEffect(
    on(
      hiddenKey,
      () => {
        // A chart built for other series gets its visibility from the rebuild.
        if (!chart || builtFor !== structure()) return;
        props.data.curves.forEach((c, k) => {
          chart?.setSeries(k + 1, { show: !props.hidden.includes(c.id) });
        });
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.probe,
      () => chart?.redraw(false),
      { defer: true },
    ),
  );
  onCleanup(() => {
    props.onChart?.(undefined);
    chart?.destroy();
  });

  return (
    <figure class="curve-plot" style={{ margin: 0 }}>
      <figcaption>
        <h3>{props.label}</h3>
      </figcaption>
      <div
        ref={host}
        class="uplot-host"
        data-testid={props.testId}
        role="img"
        aria-label={`${props.label} against ${props.xLabel}`}
      />
    </figure>
  );
}
