/** The colorbar beside a heatmap: the colormap drawn bottom (min) to top (max), with value ticks. */
import { createEffect, createMemo, For } from 'solid-js';
import { axisTicks } from '../lib/ticks';
import { colormapRgb } from '../render/colormaps';
import type { Colormap, ColorScale } from '../state/types';

export interface ColorbarProps {
  readonly colormap: Colormap;
  readonly colorScale: ColorScale;
  readonly range: { readonly min: number; readonly max: number };
  readonly label: string;
}

export function Colorbar(props: ColorbarProps) {
  let canvas!: HTMLCanvasElement;
  createEffect(() => {
    const context = canvas.getContext('2d');
    if (!context) return;
    const steps = 256;
    canvas.width = 1;
    canvas.height = steps;
    const image = context.createImageData(1, steps);
    for (let row = 0; row < steps; row++) {
      // Row 0 is the top of the bar, where t = 1.
      const [r, g, b] = colormapRgb(props.colormap, 1 - row / (steps - 1));
      image.data.set([r, g, b, 255], row * 4);
    }
    context.putImageData(image, 0, 0);
  });
  const ticks = createMemo(() =>
    axisTicks(props.range.min, props.range.max, props.colorScale === 'log' ? 'log' : 'linear', 6),
  );
  return (
    <div
      class="colorbar"
      data-testid="colorbar"
      data-min={String(props.range.min)}
      data-max={String(props.range.max)}
      data-scale={props.colorScale}
      role="img"
      aria-label={`Colorbar for ${props.label}, ${props.colormap}, ${props.colorScale} scale, from ${props.range.min} to ${props.range.max}`}
    >
      <canvas ref={canvas} />
      <div class="colorbar-ticks" aria-hidden="true">
        <For each={ticks()}>
          {(tick) => (
            <span class="axis-tick" style={{ bottom: `${tick.at * 100}%` }}>
              {tick.label}
            </span>
          )}
        </For>
      </div>
    </div>
  );
}
