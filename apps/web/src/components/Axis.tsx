/** Tick marks and labels along one side of a plot, positioned in percent so they follow resizes. */
import type { AxisScale } from '@losslab/core';
import { createMemo, For } from 'solid-js';
import { axisTicks } from '../lib/ticks';

export interface AxisProps {
  readonly orientation: 'x' | 'y';
  readonly min: number;
  readonly max: number;
  readonly scale: AxisScale;
  readonly label: string;
  /** About how many ticks. */
  readonly count?: number;
}

export function Axis(props: AxisProps) {
  const ticks = createMemo(() => axisTicks(props.min, props.max, props.scale, props.count ?? 5));
  // A y axis is as wide as its longest tick label (monospace, so in ch) plus the tick and the
  // vertical title beside it: the title never overlaps the labels, however narrow the screen.
  const width = () =>
    props.orientation === 'y'
      ? { width: `calc(${Math.max(1, ...ticks().map((t) => t.label.length))}ch + 9px + 1.5em)` }
      : undefined;
  return (
    <div
      class={props.orientation === 'x' ? 'axis-x' : 'axis-y'}
      style={width()}
      data-testid={`axis-${props.orientation}`}
      aria-label={`${props.orientation} axis: ${props.label}${props.scale === 'log' ? ' (log scale)' : ''}`}
      role="img"
    >
      <For each={ticks()}>
        {(tick) => (
          <span
            class="axis-tick"
            aria-hidden="true"
            style={
              props.orientation === 'x' ? { left: `${tick.at * 100}%` } : { bottom: `${tick.at * 100}%` }
            }
          >
            {tick.label}
          </span>
        )}
      </For>
      <span class="axis-label" aria-hidden="true">
        {props.label}
        {props.scale === 'log' ? ' (log)' : ''}
      </span>
    </div>
  );
}
