/** The controls shared by the heatmap and surface views: loss, axes, sliders, output, colours, grid size. */
import { continuousVariables, formatDomain, inDomain } from '@losslab/core';
import { createMemo, createSignal, For, type JSX, Show } from 'solid-js';
import { LossSelect } from '../../components/LossSelect';
import { Slider } from '../../components/Slider';
import {
  resetAxes,
  selectLoss,
  setAxisRange,
  setAxisVariable,
  setOutput,
  setParam,
  toggleAxisScale,
} from '../../state/actions';
import { lossesOf } from '../../state/catalog';
import { canSweep2d, variableOf } from '../../state/loss-setup';
import type { AppStore } from '../../state/store';
import { type AppState, COLORMAPS, RESOLUTIONS, type Resolution } from '../../state/types';
import { parseNumber } from '../../state/url';

function AxisControls(props: { store: AppStore; which: 'x' | 'y'; prefix: string }) {
  const state = () => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const axis = () => state()[props.which];
  const id = (part: string) => `${props.prefix}-${props.which}-${part}`;
  const [rangeError, setRangeError] = createSignal<string | undefined>(undefined);
  const commit = (end: 'min' | 'max', text: string) => {
    const a = axis();
    const range = { min: a.min, max: a.max, scale: a.scale, [end]: parseNumber(text) ?? Number.NaN };
    let accepted = false;
    props.store.update((s) => {
      const next = setAxisRange(s, props.which, range);
      accepted = next !== s;
      return next;
    });
    if (accepted) {
      setRangeError(undefined);
      return;
    }
    const variable = variableOf(loss(), a.variable);
    const domain = variable ? formatDomain(variable.domain) : '';
    setRangeError(
      `Needs two numbers, min < max${a.scale === 'log' ? ', min > 0 (log axis)' : ''}, within ${domain}.`,
    );
  };
  const canLog = () => {
    const variable = variableOf(loss(), axis().variable);
    return (
      !!variable &&
      variable.domain.kind === 'interval' &&
      variable.domain.max > 0 &&
      inDomain(variable.domain, axis().max)
    );
  };
  return (
    <fieldset>
      <legend>{props.which === 'x' ? 'Horizontal axis' : 'Vertical axis'}</legend>
      <div class="field">
        <label for={id('var')}>Variable</label>
        <select
          id={id('var')}
          value={axis().variable}
          onChange={(e) => props.store.update((s) => setAxisVariable(s, props.which, e.currentTarget.value))}
        >
          <For each={continuousVariables(loss())}>
            {(name) => (
              <option value={name} selected={name === axis().variable}>
                {variableOf(loss(), name)?.label ?? name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={id('min')}>Min</label>
          <input
            id={id('min')}
            type="text"
            inputmode="decimal"
            value={String(axis().min)}
            aria-invalid={rangeError() !== undefined}
            onChange={(e) => commit('min', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={id('max')}>Max</label>
          <input
            id={id('max')}
            type="text"
            inputmode="decimal"
            value={String(axis().max)}
            aria-invalid={rangeError() !== undefined}
            onChange={(e) => commit('max', e.currentTarget.value)}
          />
        </div>
      </div>
      <Show when={rangeError()}>
        {(message) => (
          <span class="hint" role="alert">
            {message()}
          </span>
        )}
      </Show>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={axis().scale === 'log'}
          disabled={!canLog()}
          onChange={() => props.store.update((s) => toggleAxisScale(s, props.which))}
        />
        Log scale
      </label>
    </fieldset>
  );
}

export interface SweepControlsProps {
  readonly store: AppStore;
  /** Prefix for element ids, so the two views never share one. */
  readonly prefix: string;
  /** Largest grid size per axis on the active backend, and why. */
  readonly maxResolution: number;
  readonly capNote: string | undefined;
  /** View-specific controls (contours or wireframe, export). */
  readonly children?: JSX.Element;
}

export function SweepControls(props: SweepControlsProps) {
  const state = (): AppState => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const sliders = createMemo(() => loss().variables.filter((v) => v.name in state().params));
  const id = (part: string) => `${props.prefix}-${part}`;
  return (
    <section class="controls" aria-label="Sweep settings">
      <LossSelect
        id={id('loss')}
        losses={lossesOf(state()).all}
        value={state().loss}
        onChange={(v) => props.store.update((s) => selectLoss(s, v))}
      />
      <Show when={canSweep2d(loss())}>
        <AxisControls store={props.store} which="x" prefix={props.prefix} />
        <AxisControls store={props.store} which="y" prefix={props.prefix} />
        <button type="button" onClick={() => props.store.update(resetAxes)}>
          Reset axes and sliders
        </button>
        <Show when={sliders().length > 0}>
          <fieldset>
            <legend>Other variables</legend>
            <For each={sliders()}>
              {(variable) => (
                <Show
                  when={variable.domain.kind === 'interval'}
                  fallback={
                    <div class="field">
                      <label for={id(`param-${variable.name}`)}>{variable.label}</label>
                      <select
                        id={id(`param-${variable.name}`)}
                        value={String(state().params[variable.name])}
                        onChange={(e) =>
                          props.store.update((s) => setParam(s, variable.name, Number(e.currentTarget.value)))
                        }
                      >
                        <For each={variable.domain.kind === 'set' ? variable.domain.values : []}>
                          {(value) => <option value={String(value)}>{String(value)}</option>}
                        </For>
                      </select>
                    </div>
                  }
                >
                  <Slider
                    id={id(`param-${variable.name}`)}
                    label={variable.label}
                    value={state().params[variable.name] ?? 0}
                    min={variable.plot.min}
                    max={variable.plot.max}
                    scale={variable.plot.scale}
                    domain={variable.domain}
                    onInput={(value) => props.store.update((s) => setParam(s, variable.name, value))}
                  />
                </Show>
              )}
            </For>
          </fieldset>
        </Show>
        <fieldset>
          <legend>Colour</legend>
          <div class="field">
            <label for={id('output')}>Output</label>
            <select
              id={id('output')}
              value={
                state().output === 'value' ? 'value' : `d.${(state().output as { partial: string }).partial}`
              }
              onChange={(e) => {
                const v = e.currentTarget.value;
                props.store.update((s) => setOutput(s, v === 'value' ? 'value' : { partial: v.slice(2) }));
              }}
            >
              <option value="value">Loss value</option>
              <For each={continuousVariables(loss())}>
                {(name) => <option value={`d.${name}`}>Partial ∂/∂{name}</option>}
              </For>
            </select>
          </div>
          <div class="field-row">
            <div class="field">
              <label for={id('cmap')}>Colormap</label>
              <select
                id={id('cmap')}
                value={state().colormap}
                onChange={(e) => {
                  const value = COLORMAPS.find((c) => c === e.currentTarget.value);
                  if (value) props.store.update((s) => ({ ...s, colormap: value }));
                }}
              >
                <For each={COLORMAPS}>
                  {(name) => (
                    <option value={name}>{name === 'coolwarm' ? 'coolwarm (diverging)' : name}</option>
                  )}
                </For>
              </select>
            </div>
            <div class="field">
              <label for={id('cscale')}>Colour scale</label>
              <select
                id={id('cscale')}
                value={state().colorScale}
                onChange={(e) => {
                  const value = e.currentTarget.value === 'log' ? 'log' : 'linear';
                  props.store.update((s) => ({ ...s, colorScale: value }));
                }}
              >
                <option value="linear">linear</option>
                <option value="log">log</option>
              </select>
            </div>
          </div>
          <div class="field">
            <label for={id('res')}>Grid size</label>
            <select
              id={id('res')}
              value={String(state().resolution)}
              onChange={(e) => {
                const value = RESOLUTIONS.find((r) => String(r) === e.currentTarget.value);
                if (value) props.store.update((s) => ({ ...s, resolution: value as Resolution }));
              }}
            >
              <For each={RESOLUTIONS}>
                {(size) => (
                  <option value={String(size)}>
                    {size}² {size > props.maxResolution ? `(drawn at ${props.maxResolution}²)` : ''}
                  </option>
                )}
              </For>
            </select>
            <Show when={props.capNote}>{(note) => <span class="hint">{note()}</span>}</Show>
          </div>
        </fieldset>
        {props.children}
      </Show>
    </section>
  );
}
