/**
 * The optimizers: GD, momentum, Nesterov and Adam from the clicked start on
 * the landscape's loss, their settings, and per run its colour, steps, final
 * loss and how far it ended from the exact minimum, or where it diverged.
 */
import { domains } from '@losslab/core';
import { Index, Show } from 'solid-js';
import { Slider } from '../../components/Slider';
import { OPTIMIZERS } from '../../fit/compute';
import { formatNumber } from '../../lib/format';
import { OPTIMIZER_LIMITS, setOptimizerSetting, setStart } from '../../state/fit';
import type { AppStore } from '../../state/store';
import { fitPoint, type LabModel } from './model';

export function OptimizerSettings(props: { store: AppStore }) {
  const o = () => props.store.state.fit.optimizer;
  const set = (name: Parameters<typeof setOptimizerSetting>[1], value: number) =>
    props.store.update((s) => ({ ...s, fit: setOptimizerSetting(s.fit, name, value) }));
  const lrDomain = domains.closed(OPTIMIZER_LIMITS.lr.min, OPTIMIZER_LIMITS.lr.max);
  const betaDomain = domains.closed(OPTIMIZER_LIMITS.beta.min, OPTIMIZER_LIMITS.beta.max);
  return (
    <fieldset>
      <legend>Optimizers</legend>
      <Slider
        id="fit-opt-lr"
        label="Learning rate (GD, momentum, Nesterov)"
        value={o().lr}
        min={1e-4}
        max={10}
        scale="log"
        domain={lrDomain}
        onInput={(v) => set('lr', v)}
      />
      <Slider
        id="fit-opt-adamlr"
        label="Adam learning rate"
        value={o().adamLr}
        min={1e-4}
        max={10}
        scale="log"
        domain={lrDomain}
        onInput={(v) => set('adamLr', v)}
      />
      <Slider
        id="fit-opt-mu"
        label="β: momentum μ (momentum, Nesterov)"
        value={o().momentum}
        min={0}
        max={0.999}
        scale="linear"
        domain={betaDomain}
        onInput={(v) => set('momentum', v)}
      />
      <Slider
        id="fit-opt-beta1"
        label="Adam β₁"
        value={o().beta1}
        min={0}
        max={0.999}
        scale="linear"
        domain={betaDomain}
        onInput={(v) => set('beta1', v)}
      />
      <Slider
        id="fit-opt-beta2"
        label="Adam β₂"
        value={o().beta2}
        min={0.9}
        max={0.9999}
        scale="linear"
        domain={betaDomain}
        onInput={(v) => set('beta2', v)}
      />
      <div class="field">
        <label for="fit-opt-steps">Steps</label>
        <input
          id="fit-opt-steps"
          type="number"
          min={OPTIMIZER_LIMITS.steps.min}
          max={OPTIMIZER_LIMITS.steps.max}
          step={1}
          value={o().steps}
          onChange={(e) => set('steps', Math.round(Number(e.currentTarget.value)))}
        />
      </div>
    </fieldset>
  );
}

/** What became of a run, in words: diverged (core stopped it), blew up, converged, or still going. */
export function outcomeOf(
  t: { readonly value: Float64Array; readonly diverged: boolean },
  minimum: number | undefined,
): { text: string; bad: boolean } {
  const steps = t.value.length - 1;
  const first = t.value[0]!;
  const last = t.value[steps]!;
  if (t.diverged)
    return { text: `Diverged: step ${steps + 1} was not finite (learning rate too large).`, bad: true };
  if (last > 100 * Math.max(first, Number.MIN_VALUE))
    return {
      text: `Diverging: L grew ${formatNumber(last / first, 2)}-fold (learning rate too large).`,
      bad: true,
    };
  if (minimum !== undefined && last - minimum <= 1e-6 * Math.max(1, Math.abs(minimum)))
    return { text: 'Converged to the minimum.', bad: false };
  return { text: last < first ? 'Still descending.' : 'Not descending.', bad: last >= first };
}

export function OptimizerTable(props: {
  store: AppStore;
  model: LabModel;
  onReplay: () => void;
  animating: boolean;
}) {
  const start = () => props.store.state.fit.optimizer.start;
  const minimum = () => {
    const f = props.model.fits.find((x) => x.id === props.store.state.fit.landscapeLoss);
    return f ? fitPoint(f) : undefined;
  };
  return (
    <div class="optimizer-panel">
      <div class="actions">
        <Show
          when={start()}
          fallback={
            <p class="hint" data-testid="optimizer-hint">
              Click the landscape (or focus it and press Enter) to start GD, momentum, Nesterov and Adam
              there.
            </p>
          }
        >
          {(s) => (
            <>
              <span class="hint" data-testid="optimizer-start">
                Start (w, b) = ({formatNumber(s().w, 5)}, {formatNumber(s().b, 5)})
              </span>
              <button
                type="button"
                class="primary"
                onClick={() => props.onReplay()}
                data-testid="optimizer-run"
              >
                {props.animating ? 'Restart' : 'Run again'}
              </button>
              <button
                type="button"
                onClick={() => props.store.update((st) => ({ ...st, fit: setStart(st.fit, null) }))}
              >
                Clear start
              </button>
            </>
          )}
        </Show>
      </div>
      <Show when={props.model.runs.length > 0}>
        <div class="table-scroll">
          <table class="fit-table" data-testid="optimizer-table">
            <caption class="hint">
              PyTorch’s update rules (core’s optimize) on the landscape’s loss; exact gradients.
              {minimum() ? ` Gap: final L minus the exact minimum ${formatNumber(minimum()!.value, 5)}.` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Optimizer</th>
                <th scope="col" class="num">
                  Steps
                </th>
                <th scope="col" class="num">
                  Final L
                </th>
                <th scope="col" class="num">
                  Gap
                </th>
                <th scope="col">Ends at (w, b)</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              <Index each={props.model.runs}>
                {(run) => {
                  const info = () => OPTIMIZERS.find((o) => o.method === run().method)!;
                  const t = () => {
                    const r = run();
                    return r.kind === 'run' ? r.trajectory : undefined;
                  };
                  const shown = () => {
                    const tr = t();
                    return tr ? Math.min(tr.w.length - 1, props.model.shownSteps) : 0;
                  };
                  const last = () => {
                    const tr = t();
                    if (!tr) return undefined;
                    const k = shown();
                    return { w: tr.w[k]!, b: tr.b[k]!, value: tr.value[k]! };
                  };
                  const done = () => {
                    const tr = t();
                    return !!tr && shown() === tr.w.length - 1;
                  };
                  return (
                    <tr
                      data-testid={`opt-${run().method}`}
                      data-steps={t() ? String(t()!.w.length - 1) : undefined}
                      data-final={t() ? String(t()!.value[t()!.value.length - 1]) : undefined}
                      data-diverged={t() ? String(t()!.diverged) : undefined}
                      data-done={String(done())}
                    >
                      <th scope="row">
                        <span class="line-key path-key" style={{ background: info().color }} />
                        {info().label}
                      </th>
                      <Show
                        when={last()}
                        fallback={
                          <td colSpan={5} class="fit-failure">
                            {run().kind === 'error' ? (run() as { message: string }).message : ''}
                          </td>
                        }
                      >
                        {(p) => (
                          <>
                            <td class="num">{shown()}</td>
                            <td class="num">{formatNumber(p().value, 5)}</td>
                            <td class="num">
                              {minimum() ? formatNumber(p().value - minimum()!.value, 3) : '—'}
                            </td>
                            <td>
                              ({formatNumber(p().w, 4)}, {formatNumber(p().b, 4)})
                            </td>
                            <td data-testid={`opt-${run().method}-outcome`}>
                              <Show when={done()} fallback="running…">
                                {(() => {
                                  const o = outcomeOf(t()!, minimum()?.value);
                                  return <span class={o.bad ? 'fit-failure' : undefined}>{o.text}</span>;
                                })()}
                              </Show>
                            </td>
                          </>
                        )}
                      </Show>
                    </tr>
                  );
                }}
              </Index>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={start() && props.model.runs.length === 0}>
        <p class="hint">The optimizers need a loss with a fit-able landscape.</p>
      </Show>
    </div>
  );
}
