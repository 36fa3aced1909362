/**
 * The fit lab: drag the data, watch every loss fit it. A scatter of the
 * dataset with each chosen loss's exact fit, the fits' test error on fresh
 * data, the landscape of one loss over (w, b) with its minimizer and the
 * data's lines, and four optimizers racing down it from a clicked start.
 * Everything is recomputed while the pointer moves.
 */
import { domains, type LossDef } from '@losslab/core';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { Slider } from '../components/Slider';
import type { ComputeBackend } from '../compute/types';
import { fitOutcome, runOptimizers, testError } from '../fit/compute';
import { parseDatasetCsv } from '../fit/csv';
import { toDataset } from '../fit/dataset';
import { frameRange } from '../fit/frame';
import { fitColor, fitLossesFor, hyperparameters, MAX_FIT_LOSSES } from '../fit/losses';
import { type FitTask, heldOutData, PRESET_INFO, type PresetId, presetsOf } from '../fit/presets';
import { freshSeed, MAX_SEED } from '../practice/random';
import { lossesOf } from '../state/catalog';
import {
  addFitPoint,
  type FitState,
  importPoints,
  loadPreset,
  MAX_L2,
  moveFitPoint,
  removeFitPoint,
  replaceFitLoss,
  setFitParam,
  setFitTask,
  setL2,
  setLandscapeLoss,
  setRange,
  setStart,
  toggleFitLoss,
} from '../state/fit';
import type { AppStore } from '../state/store';
import { exportDatasetCsv } from './fit/export';
import { type FitRow, FitTable } from './fit/FitTable';
import { LandscapePanel } from './fit/LandscapePanel';
import { fitPoint, type LabModel, type ShownFit } from './fit/model';
import { OptimizerSettings, OptimizerTable } from './fit/OptimizerPanel';
import { Scatter } from './fit/Scatter';

/** How long the optimizers' paths take to draw after a new start. */
const ANIMATION_MS = 1600;

declare global {
  interface Window {
    /** Main-thread time of each recomputation of the fits (ms), for the redraw-time tool. */
    __losslabFitPerf?: { fitsMs: number[] };
  }
}

function recordFitsTime(ms: number): void {
  const log = window.__losslabFitPerf ?? { fitsMs: [] };
  window.__losslabFitPerf = log;
  log.fitsMs.push(ms);
  if (log.fitsMs.length > 600) log.fitsMs.splice(0, log.fitsMs.length - 600);
}

export function FitLabView(props: { store: AppStore; backend: ComputeBackend | undefined }) {
  const lab = () => props.store.state.fit;
  const update = (transition: (fit: FitState) => FitState) =>
    props.store.update((s) => {
      const next = transition(s.fit);
      return next === s.fit ? s : { ...s, fit: next };
    });
  /** The losses the lab can fit: the catalog's (and, once the editor lands, the user's with a form). */
  const all = (): readonly LossDef[] => lossesOf(props.store.state).all;
  const lossOf = (id: string) => all().find((l) => l.id === id);
  const [selected, setSelected] = createSignal<number | undefined>(undefined);
  createEffect(
    on(
      () => [lab().preset, lab().seed, lab().task],
      () => setSelected(undefined),
      { defer: true },
    ),
  );

  const dataset = createMemo(() => toDataset(lab().points));
  const fits = createMemo((): ShownFit[] => {
    const started = performance.now();
    const data = dataset();
    const l2 = lab().l2;
    const shown = lab().losses.flatMap((id, slot) => {
      const loss = lossOf(id);
      if (!loss) return [];
      const outcome = fitOutcome({ loss, params: { ...(lab().params[id] ?? {}) }, data, l2 });
      return [{ id, loss, label: loss.name, color: fitColor(slot), outcome }];
    });
    recordFitsTime(performance.now() - started);
    return shown;
  });
  const heldOut = createMemo(() => {
    const preset = lab().preset;
    return preset === null ? undefined : heldOutData(preset, lab().seed);
  });
  const rows = createMemo((): FitRow[] => {
    const test = heldOut();
    return fits().map((f) => {
      const p = fitPoint(f);
      return { ...f, test: test && p ? testError(lab().task, p, test) : undefined };
    });
  });
  const inputs = createMemo(() => {
    const id = lab().landscapeLoss;
    const loss = lossOf(id);
    if (!loss) return undefined;
    return { loss, params: { ...(lab().params[id] ?? {}) }, data: dataset(), l2: lab().l2 };
  });
  const runs = createMemo(() => {
    const model = inputs();
    const settings = lab().optimizer;
    return model
      ? runOptimizers(model, { ...settings, start: settings.start ? { ...settings.start } : null })
      : [];
  });

  // The paths draw themselves after a new start (or "Run again"); live changes redraw them whole.
  const [shownSteps, setShownSteps] = createSignal(Number.POSITIVE_INFINITY);
  const [animating, setAnimating] = createSignal(false);
  let frame = 0;
  const animate = () => {
    cancelAnimationFrame(frame);
    const total = lab().optimizer.steps;
    const begin = performance.now();
    setAnimating(true);
    const tick = () => {
      const t = Math.min(1, (performance.now() - begin) / ANIMATION_MS);
      setShownSteps(t >= 1 ? Number.POSITIVE_INFINITY : Math.floor(t * total));
      if (t < 1) frame = requestAnimationFrame(tick);
      else setAnimating(false);
    };
    tick();
  };
  createEffect(
    on(
      () => {
        const s = lab().optimizer.start;
        return s ? `${s.w},${s.b}` : '';
      },
      (key) => {
        if (key) animate();
      },
    ),
  );
  onCleanup(() => cancelAnimationFrame(frame));

  // A pointer held down anywhere in the lab (a point or a slider being dragged) keeps the landscape coarse and fast.
  const [interacting, setInteracting] = createSignal(false);
  let release: ReturnType<typeof setTimeout> | undefined;
  const onPointerUp = () => {
    clearTimeout(release);
    release = setTimeout(() => setInteracting(false), 300);
  };
  window.addEventListener('pointerup', onPointerUp);
  window.addEventListener('pointercancel', onPointerUp);
  onCleanup(() => {
    clearTimeout(release);
    window.removeEventListener('pointerup', onPointerUp);
    window.removeEventListener('pointercancel', onPointerUp);
  });

  const model = (): LabModel => ({ inputs: inputs(), fits: fits(), runs: runs(), shownSteps: shownSteps() });
  const drawn = createMemo(() =>
    fits().flatMap((f) => {
      const p = fitPoint(f);
      return p ? [{ id: f.id, label: f.label, color: f.color, w: p.w, b: p.b }] : [];
    }),
  );

  return (
    <div
      class="view fit-view"
      onPointerDown={() => {
        clearTimeout(release);
        setInteracting(true);
      }}
    >
      <FitControls
        store={props.store}
        all={all()}
        update={update}
        selected={selected()}
        onSelect={setSelected}
        fits={fits()}
      />
      <div class="fit-main">
        <section class="plot-panel fit-data" aria-labelledby="fit-data-title">
          <h2 id="fit-data-title" class="plot-title">
            Data and fits
          </h2>
          <p class="hint" data-testid="fit-source">
            {lab().preset === null
              ? `Imported data: ${lab().points.length} points.`
              : `${PRESET_INFO[lab().preset!].description} Seed ${lab().seed}.`}
          </p>
          <Scatter
            task={lab().task}
            points={lab().points}
            fits={drawn()}
            selected={selected()}
            onSelect={setSelected}
            onMove={(i, to) => update((f) => moveFitPoint(f, i, to))}
            onAdd={(at) => update((f) => addFitPoint(f, at))}
            onRemove={(i) => update((f) => removeFitPoint(f, i))}
          />
        </section>
        <section class="plot-panel fit-landscape" aria-labelledby="fit-landscape-title">
          <h2 id="fit-landscape-title" class="plot-title">
            Landscape of {lossOf(lab().landscapeLoss)?.name ?? lab().landscapeLoss} over (w, b)
          </h2>
          <Show
            when={props.backend}
            keyed
            fallback={<div class="plot-message">Starting the compute engine…</div>}
          >
            {(backend) => (
              <LandscapePanel
                store={props.store}
                backend={backend}
                model={model()}
                interacting={interacting()}
                onStart={(start) => update((f) => setStart(f, start))}
              />
            )}
          </Show>
        </section>
        <section class="plot-panel fit-fits" aria-labelledby="fit-fits-title">
          <h2 id="fit-fits-title" class="plot-title">
            Fits, and how they do on fresh data
          </h2>
          <FitTable task={lab().task} rows={rows()} heldOut={heldOut() !== undefined} />
        </section>
        <section class="plot-panel fit-optimizers" aria-labelledby="fit-optimizers-title">
          <h2 id="fit-optimizers-title" class="plot-title">
            Optimizers on the landscape
          </h2>
          <OptimizerTable store={props.store} model={model()} onReplay={animate} animating={animating()} />
        </section>
      </div>
    </div>
  );
}

function FitControls(props: {
  store: AppStore;
  all: readonly LossDef[];
  update: (transition: (fit: FitState) => FitState) => void;
  selected: number | undefined;
  onSelect: (index: number | undefined) => void;
  fits: readonly ShownFit[];
}) {
  const lab = () => props.store.state.fit;
  const available = createMemo(() => fitLossesFor(lab().task, props.all));
  const [csvErrors, setCsvErrors] = createSignal<readonly string[]>([]);
  const [seedText, setSeedText] = createSignal('');
  let fileInput!: HTMLInputElement;
  const importFile = async (file: File) => {
    const text = await file.text();
    const parsed = parseDatasetCsv(text, lab().task);
    setCsvErrors(parsed.errors);
    if (parsed.points) {
      const points = parsed.points;
      props.update((f) => importPoints(f, points, props.all));
      props.onSelect(undefined);
    }
  };
  const setSeed = (seed: number) => {
    const preset = lab().preset ?? presetsOf(lab().task)[0]!;
    props.update((f) => loadPreset(f, preset, seed, props.all));
  };
  return (
    <aside class="controls" aria-label="Fit lab controls">
      <h2>Fit lab</h2>
      <fieldset>
        <legend>Data</legend>
        <div class="field">
          <label for="fit-task">Task</label>
          <select
            id="fit-task"
            value={lab().task}
            onChange={(e) => props.update((f) => setFitTask(f, e.currentTarget.value as FitTask, props.all))}
          >
            <option value="regression">Regression (a line)</option>
            <option value="classification">Classification (0/1 labels, a sigmoid)</option>
          </select>
        </div>
        <div class="field">
          <label for="fit-preset">Dataset</label>
          <select
            id="fit-preset"
            value={lab().preset ?? 'csv'}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (value !== 'csv') props.update((f) => loadPreset(f, value as PresetId, f.seed, props.all));
            }}
          >
            <For each={presetsOf(lab().task)}>
              {(id) => (
                <option value={id} selected={lab().preset === id}>
                  {PRESET_INFO[id].label}
                </option>
              )}
            </For>
            <Show when={lab().preset === null}>
              <option value="csv" selected>
                Imported CSV
              </option>
            </Show>
          </select>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="fit-seed">Seed</label>
            <input
              id="fit-seed"
              type="text"
              inputmode="numeric"
              value={seedText() || String(lab().seed)}
              onInput={(e) => setSeedText(e.currentTarget.value)}
              onChange={(e) => {
                const value = Number(e.currentTarget.value);
                setSeedText('');
                if (Number.isInteger(value) && value >= 0 && value <= MAX_SEED) setSeed(value);
              }}
            />
          </div>
          <button type="button" onClick={() => setSeed(freshSeed())}>
            New data
          </button>
        </div>
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              const preset = lab().preset;
              if (preset !== null) props.update((f) => loadPreset(f, preset, f.seed, props.all));
            }}
            disabled={lab().preset === null}
          >
            Reset points
          </button>
          <button
            type="button"
            data-testid="remove-point"
            disabled={props.selected === undefined || lab().points.length <= 1}
            onClick={() => {
              const i = props.selected;
              if (i === undefined) return;
              props.update((f) => removeFitPoint(f, i));
              props.onSelect(undefined);
            }}
          >
            Remove point
          </button>
        </div>
        <div class="actions">
          <button type="button" onClick={() => fileInput.click()}>
            Import CSV…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv,text/plain"
            class="visually-hidden"
            tabindex="-1"
            aria-label="CSV file to import"
            data-testid="fit-csv-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
          <button type="button" onClick={() => exportDatasetCsv(lab())}>
            Export data CSV
          </button>
        </div>
        <Show when={csvErrors().length > 0}>
          <div class="csv-errors" role="alert" data-testid="csv-errors">
            <p>Nothing was imported:</p>
            <ul>
              <For each={csvErrors()}>{(error) => <li>{error}</li>}</For>
            </ul>
          </div>
        </Show>
        <p class="hint">CSV columns: x, y and an optional weight (a header row is optional).</p>
      </fieldset>

      <fieldset>
        <legend>Losses (up to {MAX_FIT_LOSSES})</legend>
        <For each={lab().losses}>
          {(id, slot) => {
            const loss = () => props.all.find((l) => l.id === id);
            return (
              <div class="fit-loss" style={{ 'border-left-color': fitColor(slot()) }}>
                <div class="field-row">
                  <div class="field">
                    <label for={`fit-loss-${slot()}`}>Loss {slot() + 1}</label>
                    <select
                      id={`fit-loss-${slot()}`}
                      value={id}
                      onChange={(e) => {
                        const next = e.currentTarget.value;
                        props.update((f) => replaceFitLoss(f, slot(), next, props.all));
                      }}
                    >
                      <For each={available()}>
                        {(l) => (
                          <option
                            value={l.id}
                            selected={l.id === id}
                            disabled={l.id !== id && lab().losses.includes(l.id)}
                          >
                            {l.name}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <button
                    type="button"
                    aria-label={`Remove ${loss()?.name ?? id}`}
                    disabled={lab().losses.length <= 1}
                    onClick={() => props.update((f) => toggleFitLoss(f, id, props.all))}
                  >
                    ✕
                  </button>
                </div>
                <Show when={loss()}>
                  {(l) => (
                    <For each={hyperparameters(l())}>
                      {(variable) => (
                        <Slider
                          id={`fit-${id}-${variable.name}`}
                          label={variable.label}
                          value={lab().params[id]?.[variable.name] ?? variable.default ?? variable.plot.min}
                          min={variable.plot.min}
                          max={variable.plot.max}
                          scale={variable.plot.scale}
                          domain={variable.domain}
                          onInput={(value) =>
                            props.update((f) => setFitParam(f, id, variable.name, value, props.all))
                          }
                        />
                      )}
                    </For>
                  )}
                </Show>
              </div>
            );
          }}
        </For>
        <Show when={lab().losses.length < MAX_FIT_LOSSES}>
          <div class="field">
            <label for="fit-add-loss">Add a loss</label>
            <select
              id="fit-add-loss"
              value=""
              onChange={(e) => {
                const id = e.currentTarget.value;
                e.currentTarget.value = '';
                if (id) props.update((f) => toggleFitLoss(f, id, props.all));
              }}
            >
              <option value="">Choose…</option>
              <For each={available().filter((l) => !lab().losses.includes(l.id))}>
                {(l) => <option value={l.id}>{l.name}</option>}
              </For>
            </select>
          </div>
        </Show>
        <Slider
          id="fit-l2"
          label="Ridge l2 (adds ½·l2·w²)"
          value={lab().l2}
          min={0}
          max={1}
          scale="linear"
          domain={domains.closed(0, MAX_L2)}
          onInput={(value) => props.update((f) => setL2(f, value))}
        />
      </fieldset>

      <fieldset>
        <legend>Landscape</legend>
        <div class="field">
          <label for="fit-landscape-loss">Loss drawn</label>
          <select
            id="fit-landscape-loss"
            value={lab().landscapeLoss}
            onChange={(e) => {
              const id = e.currentTarget.value;
              props.update((f) => setLandscapeLoss(f, id));
            }}
          >
            <For each={lab().losses}>
              {(id) => (
                <option value={id} selected={id === lab().landscapeLoss}>
                  {props.all.find((l) => l.id === id)?.name ?? id}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="fit-cscale">Colour scale</label>
          <select
            id="fit-cscale"
            value={lab().colorScale}
            onChange={(e) => {
              const value = e.currentTarget.value === 'linear' ? 'linear' : 'log';
              props.update((f) => ({ ...f, colorScale: value }));
            }}
          >
            <option value="log">log</option>
            <option value="linear">linear</option>
          </select>
        </div>
        <label class="checkbox">
          <input
            type="checkbox"
            data-testid="fit-data-lines"
            checked={lab().dataLines}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              props.update((f) => ({ ...f, dataLines: on }));
            }}
          />
          Each data point’s line in (w, b)
        </label>
        <p class="hint">
          {lab().task === 'regression'
            ? 'b = yᵢ − w·xᵢ: the lines through point i. MAE creases exactly along them; Huber softens each crease into a strip whose width is set by δ.'
            : 'b = −w·xᵢ: where point i sits on the decision boundary (margin 0).'}
        </p>
        <label class="checkbox">
          <input
            type="checkbox"
            data-testid="fit-surface"
            checked={lab().surface}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              props.update((f) => ({ ...f, surface: on }));
            }}
          />
          Show as a 3D surface
        </label>
        <button
          type="button"
          onClick={() =>
            props.update((f) => {
              const include = props.fits.flatMap((x) => {
                const p = fitPoint(x);
                return p ? [p] : [];
              });
              if (f.optimizer.start)
                include.push(f.optimizer.start as { w: number; b: number; value: number });
              return setRange(f, frameRange(f.points, f.task, include));
            })
          }
        >
          Reframe around the fits
        </button>
      </fieldset>

      <OptimizerSettings store={props.store} />
    </aside>
  );
}
