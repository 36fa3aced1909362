/**
 * A PNG of a plot with its frame: the plot image, tick labels on two axes,
 * axis titles and an optional colorbar, drawn with Canvas 2D so the export
 * carries what the screen shows around the renderer's canvas.
 */
import type { Tick } from './ticks';

export interface ComposeOptions {
  readonly plot: CanvasImageSource;
  readonly plotWidth: number;
  readonly plotHeight: number;
  readonly title: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly colorbar?: {
    readonly rgb: (t: number) => readonly [number, number, number];
    readonly ticks: readonly Tick[];
  };
  readonly background: string;
  readonly foreground: string;
}

const LEFT = 70;
const TOP = 34;
const BOTTOM = 52;
const RIGHT_WITH_BAR = 110;
const RIGHT = 20;

export function composePlot(options: ComposeOptions): HTMLCanvasElement {
  const right = options.colorbar ? RIGHT_WITH_BAR : RIGHT;
  const canvas = document.createElement('canvas');
  canvas.width = LEFT + options.plotWidth + right;
  canvas.height = TOP + options.plotHeight + BOTTOM;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context to compose the PNG');
  const { plotWidth: w, plotHeight: h } = options;
  ctx.fillStyle = options.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(options.plot, LEFT, TOP, w, h);
  ctx.strokeStyle = options.foreground;
  ctx.fillStyle = options.foreground;
  ctx.lineWidth = 1;
  ctx.strokeRect(LEFT - 0.5, TOP - 0.5, w + 1, h + 1);

  ctx.font = '600 15px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(options.title, LEFT, TOP / 2);

  ctx.font = '12px ui-monospace, monospace';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of options.xTicks) {
    const x = LEFT + tick.at * w;
    ctx.fillRect(Math.round(x), TOP + h, 1, 5);
    ctx.fillText(tick.label, x, TOP + h + 7);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of options.yTicks) {
    const y = TOP + (1 - tick.at) * h;
    ctx.fillRect(LEFT - 5, Math.round(y), 5, 1);
    ctx.fillText(tick.label, LEFT - 8, y);
  }
  ctx.font = '13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(options.xLabel, LEFT + w / 2, canvas.height - 6);
  ctx.save();
  ctx.translate(14, TOP + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(options.yLabel, 0, 0);
  ctx.restore();

  if (options.colorbar) {
    const x0 = LEFT + w + 18;
    const barWidth = 16;
    for (let row = 0; row < h; row++) {
      const [r, g, b] = options.colorbar.rgb(1 - row / Math.max(1, h - 1));
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(x0, TOP + row, barWidth, 1);
    }
    ctx.strokeRect(x0 - 0.5, TOP - 0.5, barWidth + 1, h + 1);
    ctx.fillStyle = options.foreground;
    ctx.font = '12px ui-monospace, monospace';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const tick of options.colorbar.ticks) {
      const y = TOP + (1 - tick.at) * h;
      ctx.fillRect(x0 + barWidth, Math.round(y), 4, 1);
      ctx.fillText(tick.label, x0 + barWidth + 7, y);
    }
  }
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
