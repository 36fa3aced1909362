/**
 * A labelled slider for one variable, with a text box for exact values.
 * Log-scaled variables slide geometrically. Values the domain rejects are
 * flagged on the text box and never reach the state.
 */
import { type AxisScale, type Domain, formatDomain, inDomain } from '@losslab/core';
import { createEffect, createMemo, createSignal } from 'solid-js';
import { formatNumber } from '../lib/format';
import { fractionOf, lerp } from '../lib/range';
import { parseNumber } from '../state/url';

const STEPS = 1000;

export interface SliderProps {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly scale: AxisScale;
  readonly domain: Domain;
  readonly onInput: (value: number) => void;
}

/** Rounds a slider value to about four significant digits of the range, so URLs stay readable. */
function tidy(value: number, span: number, scale: AxisScale): number {
  if (scale === 'log') return Number(value.toPrecision(4));
  const step = 10 ** Math.floor(Math.log10(span / STEPS));
  return Number((Math.round(value / step) * step).toPrecision(12));
}

export function Slider(props: SliderProps) {
  // The track stretches to include a value typed (or linked) outside the plotting range.
  const bounds = createMemo(() => {
    const min = Math.min(props.min, props.value);
    const max = Math.max(props.max, props.value);
    return props.scale === 'log' && min > 0 ? { min, max, log: true } : { min, max, log: false };
  });
  const toPosition = (value: number) => {
    const { min, max, log } = bounds();
    if (!(max > min)) return 0;
    const t = log ? Math.log(value / min) / Math.log(max / min) : fractionOf(value, min, max);
    return Math.round(Math.min(1, Math.max(0, t)) * STEPS);
  };
  const fromPosition = (position: number) => {
    const { min, max, log } = bounds();
    const t = position / STEPS;
    if (position <= 0) return min;
    if (position >= STEPS) return max;
    const raw = log ? min * (max / min) ** t : lerp(min, max, t);
    return tidy(raw, Math.min(max - min, Number.MAX_VALUE), log ? 'log' : 'linear');
  };

  const [text, setText] = createSignal(String(props.value));
  const [invalid, setInvalid] = createSignal(false);
  createEffect(() => {
    setText(formatNumber(props.value, 6).replace('\u2212', '-'));
    setInvalid(false);
  });

  const commitText = () => {
    const value = parseNumber(text());
    if (value === undefined || !inDomain(props.domain, value)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    props.onInput(value);
  };

  const sliderId = () => `${props.id}-range`;
  const textId = () => `${props.id}-value`;
  const errorId = () => `${props.id}-error`;

  return (
    <div class="field slider">
      <div class="slider-head">
        <label for={sliderId()}>{props.label}</label>
        <input
          id={textId()}
          class="slider-value"
          type="text"
          inputmode="decimal"
          aria-label={`${props.label}, exact value`}
          aria-invalid={invalid()}
          aria-describedby={invalid() ? errorId() : undefined}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          onChange={commitText}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitText();
          }}
        />
      </div>
      <input
        id={sliderId()}
        type="range"
        min={0}
        max={STEPS}
        step={1}
        value={toPosition(props.value)}
        aria-valuetext={`${props.label} = ${formatNumber(props.value, 6)}`}
        onInput={(e) => {
          const value = fromPosition(Number(e.currentTarget.value));
          if (inDomain(props.domain, value)) props.onInput(value);
        }}
      />
      {invalid() && (
        <span id={errorId()} class="hint" role="alert">
          Must be in {formatDomain(props.domain)}.
        </span>
      )}
    </div>
  );
}
