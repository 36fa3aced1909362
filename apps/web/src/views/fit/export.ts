/**
 * The fit lab's exports: a PNG of the data with its fits beside the
 * landscape (with every overlay), under a header with the legend (each
 * fit's w, b and total; each optimizer's steps and final loss) and every
 * parameter; the landscape grid as CSV; the dataset as CSV.
 */

import type { LandscapeGrid } from '../../compute/types';
import { OPTIMIZERS, predict } from '../../fit/compute';
import { datasetCsv } from '../../fit/csv';
import type { LandscapeRange } from '../../fit/frame';
import { hyperparameters } from '../../fit/losses';
import { PRESET_INFO } from '../../fit/presets';
import {
  composeFigure,
  composePanels,
  composePlot,
  type LegendEntry,
  themeColors,
} from '../../lib/compose-png';
import { gridCsv } from '../../lib/csv';
import { canvasToPng, downloadBlob } from '../../lib/download';
import { formatExact, formatNumber } from '../../lib/format';
import { axisTicks } from '../../lib/ticks';
import { colormapRgb } from '../../render/colormaps';
import type { FitState } from '../../state/fit';
import type { ResolvedColor } from '../sweep/spec';
import { fitPoint, type LabModel } from './model';
import { dataLineSegments, unitOf } from './overlay';
import { type ScatterRange, scatterRange } from './Scatter';

const lossName = (result: LandscapeGrid) =>
  typeof result.spec.loss === 'string' ? result.spec.loss : result.spec.loss.id;

/** Draws the overlays of the heatmap (data lines, paths, minimizers, start) onto a 2D context. */
function drawLandscapeOverlay(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  fit: FitState,
  model: LabModel,
): void {
  const r: LandscapeRange = fit.range;
  const x = (u: number) => u * width;
  const y = (v: number) => (1 - v) * height;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  ctx.clip();
  if (fit.dataLines) {
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.45)';
    ctx.lineWidth = 1;
    for (const s of dataLineSegments(fit.points, fit.task, r)) {
      ctx.beginPath();
      ctx.moveTo(x(s.x1), y(s.y1));
      ctx.lineTo(x(s.x2), y(s.y2));
      ctx.stroke();
    }
  }
  for (const run of model.runs) {
    if (run.kind !== 'run') continue;
    const t = run.trajectory;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.lineWidth = 4;
    const trace = () => {
      ctx.beginPath();
      for (let k = 0; k < t.w.length; k++) {
        const p = unitOf(r, t.w[k]!, t.b[k]!);
        if (k === 0) ctx.moveTo(x(p.u), y(p.v));
        else ctx.lineTo(x(p.u), y(p.v));
      }
      ctx.stroke();
    };
    trace();
    ctx.strokeStyle = OPTIMIZERS.find((o) => o.method === run.method)!.color;
    ctx.lineWidth = 2;
    trace();
  }
  for (const f of model.fits) {
    const p = fitPoint(f);
    if (!p) continue;
    const u = unitOf(r, p.w, p.b);
    ctx.beginPath();
    ctx.arc(x(u.u), y(u.v), f.id === fit.landscapeLoss ? 8 : 6, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = f.color;
    ctx.stroke();
  }
  const start = fit.optimizer.start;
  if (start) {
    const u = unitOf(r, start.w, start.b);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1.5;
    ctx.fillRect(x(u.u) - 5, y(u.v) - 5, 10, 10);
    ctx.strokeRect(x(u.u) - 5, y(u.v) - 5, 10, 10);
  }
  ctx.restore();
}

/** The scatter with its fits, drawn for the export. */
function drawScatter(
  width: number,
  height: number,
  fit: FitState,
  model: LabModel,
  range: ScatterRange,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const { background, foreground } = themeColors();
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  const px = (x: number) => ((x - range.xMin) / (range.xMax - range.xMin)) * width;
  const py = (y: number) => (1 - (y - range.yMin) / (range.yMax - range.yMin)) * height;
  for (const f of model.fits) {
    const p = fitPoint(f);
    if (!p) continue;
    ctx.strokeStyle = f.color;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (let k = 0; k <= 160; k++) {
      const xv = range.xMin + ((range.xMax - range.xMin) * k) / 160;
      const yv = predict(fit.task, p, xv);
      if (k === 0) ctx.moveTo(px(xv), py(yv));
      else ctx.lineTo(px(xv), py(yv));
    }
    ctx.stroke();
  }
  ctx.fillStyle = foreground;
  for (const p of fit.points) {
    ctx.beginPath();
    ctx.arc(px(p.x), py(p.y), 3.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  return canvas;
}

function legendOf(fit: FitState, model: LabModel): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const f of model.fits) {
    const o = f.outcome;
    const label =
      o.kind === 'fit'
        ? `${f.label}: w = ${formatNumber(o.result.w, 5)}, b = ${formatNumber(o.result.b, 5)}, L = ${formatNumber(o.result.value, 5)}${o.result.global ? '' : ' (local)'}${o.result.unique ? '' : ' (not unique)'}`
        : o.kind === 'no-minimizer'
          ? `${f.label}: no finite minimizer`
          : `${f.label}: ${o.message}`;
    entries.push({ label, color: f.color, kind: 'line' });
  }
  for (const run of model.runs) {
    const o = OPTIMIZERS.find((x) => x.method === run.method)!;
    const label =
      run.kind === 'run'
        ? `${o.label}: ${run.trajectory.w.length - 1} steps, final L = ${formatNumber(run.trajectory.value[run.trajectory.value.length - 1]!, 5)}${run.trajectory.diverged ? ' (diverged)' : ''}`
        : `${o.label}: ${run.message}`;
    entries.push({ label, color: o.color === '#f5f5f5' ? '#9e9e9e' : o.color, kind: 'line' });
  }
  if (fit.optimizer.start) entries.push({ label: 'optimizers’ start', color: '#000000', kind: 'box' });
  return entries;
}

function parameterLines(
  fit: FitState,
  model: LabModel,
  result: LandscapeGrid,
  color: ResolvedColor,
): string[] {
  const lines: string[] = [];
  const source =
    fit.preset === null
      ? `Imported data, ${fit.points.length} points.`
      : `${PRESET_INFO[fit.preset].label}, seed ${fit.seed}, ${fit.points.length} points (after edits).`;
  lines.push(source);
  const hyper = model.fits
    .map((f) => {
      const values = fit.params[f.id] ?? {};
      const parts = Object.entries(values).map(([name, value]) => {
        const label = hyperparameters(f.loss).find((v) => v.name === name)?.label ?? name;
        return `${label} = ${formatExact(value)}`;
      });
      return parts.length > 0 ? `${f.label}: ${parts.join(', ')}` : undefined;
    })
    .filter((x): x is string => x !== undefined);
  if (hyper.length > 0) lines.push(`Hyperparameters: ${hyper.join('; ')}.`);
  lines.push(`Ridge l2 = ${formatExact(fit.l2)} (L adds ½·l2·w²); reduction: mean.`);
  const o = fit.optimizer;
  if (o.start)
    lines.push(
      `Optimizers from (w, b) = (${formatExact(o.start.w)}, ${formatExact(o.start.b)}): lr = ${formatExact(o.lr)} (GD, momentum, Nesterov), Adam lr = ${formatExact(o.adamLr)}, μ = ${formatExact(o.momentum)}, β₁ = ${formatExact(o.beta1)}, β₂ = ${formatExact(o.beta2)}, ${o.steps} steps.`,
    );
  const { colormap, colorScale, range } = color.style;
  lines.push(
    `Landscape of ${model.inputs?.loss.name ?? lossName(result)}: ${result.source.nx}×${result.source.ny} grid (f32) on ${result.computedOn === 'webgpu' ? 'WebGPU' : 'the CPU'}; colour ${colormap}, ${colorScale} scale from ${formatNumber(range.min)} to ${formatNumber(range.max)}${fit.surface ? '' : ', contours evenly spaced on it'}${fit.dataLines ? '; thin lines: each data point’s line in (w, b)' : ''}. losslab`,
  );
  return lines;
}

/** The PNG: scatter and landscape side by side, under the legend and the parameters. */
export async function exportLandscapePng(options: {
  readonly fit: FitState;
  readonly model: LabModel;
  readonly result: LandscapeGrid;
  readonly color: ResolvedColor;
  /** The renderer's canvas, just redrawn (a WebGPU canvas is readable only in the task that drew it). */
  readonly canvas: HTMLCanvasElement;
  readonly surface: boolean;
}): Promise<void> {
  const { fit, model, result, color, canvas } = options;
  const colors = themeColors();
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const plot = document.createElement('canvas');
  plot.width = width;
  plot.height = height;
  const ctx = plot.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0, width, height);
  if (!options.surface) drawLandscapeOverlay(ctx, width, height, fit, model);
  const bar = {
    rgb: (t: number) => colormapRgb(color.style.colormap, t),
    ticks: axisTicks(
      color.style.range.min,
      color.style.range.max,
      color.style.colorScale === 'log' ? 'log' : 'linear',
      6,
    ),
    label: 'total loss L',
  };
  const landscape = options.surface
    ? composePlot({
        plot,
        plotWidth: width,
        plotHeight: height,
        xTicks: [],
        yTicks: [],
        xLabel: 'w (slope) × b (intercept), as a surface',
        yLabel: '',
        colorbar: bar,
        ...colors,
      })
    : composePlot({
        plot,
        plotWidth: width,
        plotHeight: height,
        xTicks: axisTicks(fit.range.wMin, fit.range.wMax, 'linear'),
        yTicks: axisTicks(fit.range.bMin, fit.range.bMax, 'linear'),
        xLabel: 'w (slope)',
        yLabel: 'b (intercept)',
        colorbar: bar,
        ...colors,
      });
  const range = scatterRange(fit.points, fit.task);
  const scatter = composePlot({
    plot: drawScatter(width, height, fit, model, range),
    plotWidth: width,
    plotHeight: height,
    xTicks: axisTicks(range.xMin, range.xMax, 'linear'),
    yTicks: axisTicks(range.yMin, range.yMax, 'linear'),
    xLabel: 'x',
    yLabel: fit.task === 'classification' ? 'y (label)' : 'y',
    ...colors,
  });
  const body = composePanels(
    [
      { title: 'Data and fits', canvas: scatter },
      { title: `Landscape of ${model.inputs?.loss.name ?? lossName(result)}`, canvas: landscape },
    ],
    colors,
  );
  const figure = composeFigure(
    body,
    {
      title: `Fit lab — ${fit.task === 'regression' ? 'lines' : 'logistic curves'} fitted by ${model.fits.map((f) => f.label).join(', ')}`,
      legend: legendOf(fit, model),
      lines: parameterLines(fit, model, result, color),
    },
    colors,
  );
  downloadBlob(await canvasToPng(figure), `losslab-fit-${lossName(result)}.png`);
}

export async function exportLandscapeCsv(result: LandscapeGrid): Promise<void> {
  const values = await result.values();
  const chunks = gridCsv(
    { x: 'w', y: 'b', value: `${lossName(result)} total loss` },
    result.x.coords,
    result.y.coords,
    values,
  );
  downloadBlob(new Blob(chunks, { type: 'text/csv' }), `losslab-fit-${lossName(result)}-landscape.csv`);
}

export function exportDatasetCsv(fit: FitState): void {
  const name = fit.preset === null ? 'imported' : `${fit.preset}-${fit.seed}`;
  downloadBlob(new Blob(datasetCsv(fit.points), { type: 'text/csv' }), `losslab-fit-data-${name}.csv`);
}
