/**
 * PNG exports that can stand on their own: the plot with its axes, tick
 * labels and colorbar (composePlot, composeSurface, composePanels), under a
 * header with a title, a legend and the values of every fixed variable and
 * hyperparameter (composeFigure). Canvas 2D throughout, so the export carries
 * what the screen shows around the renderer's canvas.
 */
import type { Tick } from './ticks';

export interface ComposeColors {
  readonly background: string;
  readonly foreground: string;
}

export interface ColorbarSpec {
  readonly rgb: (t: number) => readonly [number, number, number];
  readonly ticks: readonly Tick[];
  /** What the bar measures, written along it. */
  readonly label?: string;
}

export interface ComposeOptions extends ComposeColors {
  readonly plot: CanvasImageSource;
  readonly plotWidth: number;
  readonly plotHeight: number;
  /** A title above the plot; composeFigure's header is the usual place for it. */
  readonly title?: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly colorbar?: ColorbarSpec;
}

const LEFT = 70;
const TOP_WITH_TITLE = 34;
const TOP = 14;
const BOTTOM = 52;
const RIGHT_WITH_BAR = 120;
const RIGHT = 20;
const BAR_GAP = 18;
const BAR_WIDTH = 16;
const TICK_FONT = '12px ui-monospace, monospace';
const LABEL_FONT = '13px system-ui, sans-serif';

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context to compose the PNG');
  return ctx;
}

/** A colorbar with ticks (and its label, written upwards beside them) at (x0, top), h tall. */
function drawColorbar(
  ctx: CanvasRenderingContext2D,
  left: number,
  barTop: number,
  height: number,
  bar: ColorbarSpec,
  foreground: string,
): void {
  // Whole pixels: a 1-pixel row at a fractional y is antialiased over two rows and comes out pale.
  const x0 = Math.round(left);
  const top = Math.round(barTop);
  const h = Math.round(height);
  for (let row = 0; row < h; row++) {
    const [r, g, b] = bar.rgb(1 - row / Math.max(1, h - 1));
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect(x0, top + row, BAR_WIDTH, 1);
  }
  ctx.strokeStyle = foreground;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 - 0.5, top - 0.5, BAR_WIDTH + 1, h + 1);
  ctx.fillStyle = foreground;
  ctx.font = TICK_FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let widest = 0;
  for (const tick of bar.ticks) {
    const y = top + (1 - tick.at) * h;
    ctx.fillRect(x0 + BAR_WIDTH, Math.round(y), 4, 1);
    ctx.fillText(tick.label, x0 + BAR_WIDTH + 7, y);
    widest = Math.max(widest, ctx.measureText(tick.label).width);
  }
  if (bar.label) {
    ctx.save();
    ctx.font = LABEL_FONT;
    ctx.translate(x0 + BAR_WIDTH + 7 + widest + 14, top + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(bar.label, 0, 0);
    ctx.restore();
  }
}

/** A 2D plot (heatmap) with tick labels on two axes, axis titles and an optional colorbar. */
export function composePlot(options: ComposeOptions): HTMLCanvasElement {
  const right = options.colorbar ? RIGHT_WITH_BAR : RIGHT;
  const top = options.title ? TOP_WITH_TITLE : TOP;
  const canvas = document.createElement('canvas');
  canvas.width = LEFT + options.plotWidth + right;
  canvas.height = top + options.plotHeight + BOTTOM;
  const ctx = context(canvas);
  const { plotWidth: w, plotHeight: h } = options;
  ctx.fillStyle = options.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(options.plot, LEFT, top, w, h);
  ctx.strokeStyle = options.foreground;
  ctx.fillStyle = options.foreground;
  ctx.lineWidth = 1;
  ctx.strokeRect(LEFT - 0.5, top - 0.5, w + 1, h + 1);

  if (options.title) {
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(options.title, LEFT, top / 2);
  }

  ctx.font = TICK_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of options.xTicks) {
    const x = LEFT + tick.at * w;
    ctx.fillRect(Math.round(x), top + h, 1, 5);
    ctx.fillText(tick.label, x, top + h + 7);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of options.yTicks) {
    const y = top + (1 - tick.at) * h;
    ctx.fillRect(LEFT - 5, Math.round(y), 5, 1);
    ctx.fillText(tick.label, LEFT - 8, y);
  }
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(options.xLabel, LEFT + w / 2, canvas.height - 6);
  ctx.save();
  ctx.translate(14, top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(options.yLabel, 0, 0);
  ctx.restore();

  if (options.colorbar) drawColorbar(ctx, LEFT + w + BAR_GAP, top, h, options.colorbar, options.foreground);
  return canvas;
}

/** Text placed on a surface export (see render/surface-axes.ts), in the plot's CSS pixels. */
export interface PlacedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly align: 'left' | 'center' | 'right';
  readonly baseline: 'top' | 'middle' | 'bottom';
  readonly kind: 'tick' | 'title';
}

export interface ComposeSurfaceOptions extends ComposeColors {
  readonly plot: CanvasImageSource;
  readonly plotWidth: number;
  readonly plotHeight: number;
  readonly texts: readonly PlacedText[];
  readonly marks: readonly { x1: number; y1: number; x2: number; y2: number }[];
  readonly colorbar?: ColorbarSpec;
}

/** A 3D surface with its axis ticks and titles where the screen shows them, and a colorbar. */
export function composeSurface(options: ComposeSurfaceOptions): HTMLCanvasElement {
  const measure = context(document.createElement('canvas'));
  // Margins wide enough for every label, wherever the camera put it.
  let minX = 0;
  let minY = 0;
  let maxX = options.plotWidth;
  let maxY = options.plotHeight;
  for (const t of options.texts) {
    measure.font = t.kind === 'title' ? LABEL_FONT : TICK_FONT;
    const width = measure.measureText(t.text).width;
    const x0 = t.align === 'left' ? t.x : t.align === 'right' ? t.x - width : t.x - width / 2;
    const y0 = t.baseline === 'top' ? t.y : t.baseline === 'bottom' ? t.y - 16 : t.y - 8;
    minX = Math.min(minX, x0 - 6);
    maxX = Math.max(maxX, x0 + width + 6);
    minY = Math.min(minY, y0 - 6);
    maxY = Math.max(maxY, y0 + 22);
  }
  const left = Math.ceil(-minX);
  const top = Math.ceil(-minY);
  const right = options.colorbar ? RIGHT_WITH_BAR : 0;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(maxX + left + right);
  canvas.height = Math.ceil(maxY + top);
  const ctx = context(canvas);
  ctx.fillStyle = options.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(options.plot, left, top, options.plotWidth, options.plotHeight);
  ctx.strokeStyle = options.foreground;
  ctx.lineWidth = 1;
  for (const m of options.marks) {
    ctx.beginPath();
    ctx.moveTo(left + m.x1, top + m.y1);
    ctx.lineTo(left + m.x2, top + m.y2);
    ctx.stroke();
  }
  ctx.fillStyle = options.foreground;
  for (const t of options.texts) {
    ctx.font = t.kind === 'title' ? LABEL_FONT : TICK_FONT;
    ctx.textAlign = t.align;
    ctx.textBaseline = t.baseline;
    ctx.fillText(t.text, left + t.x, top + t.y);
  }
  if (options.colorbar) {
    const barTop = top + options.plotHeight * 0.1;
    drawColorbar(
      ctx,
      left + maxX + BAR_GAP,
      barTop,
      options.plotHeight * 0.8,
      options.colorbar,
      options.foreground,
    );
  }
  return canvas;
}

/** Canvases side by side, each under its title (the Curves view's two charts). */
export function composePanels(
  panels: readonly { readonly title: string; readonly canvas: HTMLCanvasElement }[],
  colors: ComposeColors,
  scale = 1,
): HTMLCanvasElement {
  const gap = Math.round(16 * scale);
  const titleHeight = Math.round(24 * scale);
  const canvas = document.createElement('canvas');
  canvas.width = panels.reduce((w, p) => w + p.canvas.width, 0) + gap * Math.max(0, panels.length - 1);
  canvas.height = titleHeight + Math.max(0, ...panels.map((p) => p.canvas.height));
  const ctx = context(canvas);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colors.foreground;
  ctx.font = `600 ${Math.round(14 * scale)}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let x = 0;
  for (const panel of panels) {
    ctx.fillText(panel.title, x + Math.round(8 * scale), titleHeight / 2);
    ctx.drawImage(panel.canvas, x, titleHeight);
    x += panel.canvas.width + gap;
  }
  return canvas;
}

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** A line key (curves) or a filled square (marker colours). */
  readonly kind: 'line' | 'box';
}

export interface FigureText {
  readonly title: string;
  /** The legend: what each colour is. */
  readonly legend: readonly LegendEntry[];
  /** Values of the fixed variables and hyperparameters, and notes on scales: one short line each. */
  readonly lines: readonly string[];
}

/** Words of `text` in lines no wider than `width`. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The body under a header: the title, the legend (wrapping), then the
 * variable values and notes (wrapping), all at `scale` × their CSS sizes.
 */
export function composeFigure(
  body: HTMLCanvasElement,
  text: FigureText,
  colors: ComposeColors,
  scale = 1,
): HTMLCanvasElement {
  const s = (px: number) => Math.round(px * scale);
  const pad = s(16);
  const width = Math.max(body.width, s(520));
  const inner = width - 2 * pad;
  const titleFont = `600 ${s(17)}px system-ui, sans-serif`;
  const legendFont = `${s(13)}px system-ui, sans-serif`;
  const lineFont = `${s(12.5)}px system-ui, sans-serif`;
  const measure = context(document.createElement('canvas'));

  // Legend entries flow left to right and wrap.
  measure.font = legendFont;
  const keyWidth = s(22);
  const entries: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const entry of text.legend) {
    const w = keyWidth + s(6) + measure.measureText(entry.label).width + s(18);
    if (x > 0 && x + w > inner) {
      x = 0;
      row++;
    }
    entries.push({ entry, x, row });
    x += w;
  }
  const legendRows = text.legend.length > 0 ? row + 1 : 0;
  measure.font = lineFont;
  const lines = text.lines.flatMap((line) => wrap(measure, line, inner));

  const titleHeight = s(26);
  const legendHeight = legendRows * s(22);
  const lineHeight = s(18);
  const headerHeight = pad + titleHeight + legendHeight + lines.length * lineHeight + s(8);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = headerHeight + body.height + pad;
  const ctx = context(canvas);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colors.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = titleFont;
  let y = pad + titleHeight / 2;
  ctx.fillText(text.title, pad, y);
  y += titleHeight / 2;

  ctx.font = legendFont;
  for (const { entry, x: ex, row: er } of entries) {
    const cy = y + er * s(22) + s(11);
    ctx.fillStyle = entry.color;
    if (entry.kind === 'line') ctx.fillRect(pad + ex, cy - s(1.5), keyWidth, Math.max(2, s(3)));
    else ctx.fillRect(pad + ex + keyWidth / 2 - s(6), cy - s(6), s(12), s(12));
    ctx.fillStyle = colors.foreground;
    ctx.fillText(entry.label, pad + ex + keyWidth + s(6), cy);
  }
  y += legendHeight;

  ctx.font = lineFont;
  for (const line of lines) {
    ctx.fillText(line, pad, y + lineHeight / 2);
    y += lineHeight;
  }
  ctx.drawImage(body, Math.round((width - body.width) / 2), headerHeight);
  return canvas;
}

/** The theme's colours, read from the page's custom properties. */
export function themeColors(): { background: string; foreground: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    background: style.getPropertyValue('--panel').trim() || '#ffffff',
    foreground: style.getPropertyValue('--text').trim() || '#000000',
  };
}
