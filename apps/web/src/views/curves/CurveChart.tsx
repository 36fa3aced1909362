/** One uPlot chart of the Curves view (the loss or its derivative), with a probe line and a linked cursor. */
import { createEffect, createMemo, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../../lib/format';
import { linearTicks } from '../../lib/ticks';
import type { CurveData } from './compute';
import { plotScale, scaled } from './plot-scale';

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

/**
 * uPlot draws gaps for nulls; ±∞ and NaN have no place on a finite axis (and ≤ 0 none on a log one).
 * Values are drawn times `scale` (plot-scale.ts).
 */
function plottable(values: Float64Array, log: boolean, scale: number): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    out[k] = Number.isFinite(v) && (!log || v > 0) ? v * scale : null;
  }
  return out;
}

/**
 * Tick increments near an axis's span, whatever its size: uPlot's own list
 * stops at 5e16, and an axis whose span it cannot step draws no ticks at all
 * (a curve over r up to 1e20, or any scaled one).
 */
function incrsNear(_u: uPlot, _axis: number, min: number, max: number): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [1];
  const top = Math.floor(Math.log10(span));
  const out: number[] = [];
  for (let k = top - 6; k <= top + 1; k++) for (const m of [1, 2, 2.5, 5]) out.push(m * 10 ** k);
  return out;
}

/**
 * An axis's tick positions where its data is drawn scaled: ticks chosen on the
 * true values (round numbers there), placed at their scaled positions.
 */
function scaledSplits(scale: () => number) {
  // uPlot pads the scaled range: scaled back, its ends may pass the largest double.
  const unscaled = (v: number) => Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, v / scale()));
  return (_u: uPlot, _axis: number, min: number, max: number): number[] =>
    linearTicks(unscaled(min), unscaled(max), 5).map((t) => t.value * scale());
}

export function CurveChart(props: CurveChartProps) {
  let host!: HTMLDivElement;
  let chart: uPlot | undefined;
  /** The structure key the chart was built for. */
  let builtFor = '';
  /** The powers of two the data is drawn at (1 unless it spans most of the double range). */
  let xScale = 1;
  let yScale = 1;
  /** Which axes were scaled when the chart was built (their tick splits are set at build). */
  const scaledAxes = () => `${xScale !== 1}|${yScale !== 1}`;
  let builtScaled = '';

  const alignedData = (): uPlot.AlignedData => {
    const log = props.logY && props.which === 'value';
    const series = props.data.curves.map((c) => (props.which === 'value' ? c.value : c.slope));
    xScale = plotScale(props.data.xs);
    // A log axis measures by ratios, never differences: it needs no scaling.
    yScale = log ? 1 : plotScale(...series);
    return [scaled(props.data.xs, xScale), ...series.map((values) => plottable(values, log, yScale))];
  };

  const build = () => {
    chart?.destroy();
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--text').trim() || '#000';
    const grid = style.getPropertyValue('--grid').trim() || 'rgba(0,0,0,0.1)';
    const muted = style.getPropertyValue('--muted').trim() || '#666';
    const log = props.logY && props.which === 'value';
    const axis = (label: string, scale: () => number, logAxis = false): uPlot.Axis => ({
      label,
      ...(logAxis ? {} : { incrs: incrsNear }),
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      labelFont: '13px system-ui, sans-serif',
      font: '12px ui-monospace, monospace',
      // uPlot's default labels round 1e-4 to "0" on log axes; ours keep exponents.
      // Labels say the true values (the data may be drawn scaled).
      values: (_u: uPlot, splits: number[]) =>
        splits.map((v) => (v === null ? '' : formatNumber(v / scale(), 3))),
      ...(scale() === 1 ? {} : { splits: scaledSplits(scale) }),
    });
    const data = alignedData();
    const options: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { sync: { key: SYNC_KEY }, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
      axes: [axis(props.xLabel, () => xScale), { ...axis(props.yLabel, () => yScale, log), size: 60 }],
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
            props.onHover(left === undefined || left < 0 ? undefined : u.posToVal(left, 'x') / xScale);
          },
        ],
        draw: [
          (u) => {
            // The probe: a dashed vertical line across the plotting area.
            const x = Math.round(u.valToPos(props.probe * xScale, 'x', true));
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
    chart = new uPlot(options, data, host);
    builtFor = structure();
    builtScaled = scaledAxes();
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
        if (key !== builtFor) return build();
        const data = alignedData();
        // Data that now needs scaling (or no longer does) changes the axes' splits: rebuild.
        if (scaledAxes() !== builtScaled) build();
        else chart?.setData(data);
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
