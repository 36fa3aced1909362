/**
 * The Curves view: losses of one family over their shared data variable,
 * the loss and its derivative side by side, a slider for every other
 * variable of every shown loss, and a probe that reads every curve exactly.
 */
import type { LossDef } from '@losslab/core';
import { createMemo, createSignal, For, Show } from 'solid-js';
import type uPlot from 'uplot';
import { FAMILY_LABELS } from '../components/LossSelect';
import { Slider } from '../components/Slider';
import { recordFrame } from '../compute/perf-log';
import { composeFigure, composePanels, themeColors } from '../lib/compose-png';
import { csvChunks } from '../lib/csv';
import { canvasToPng, downloadBlob } from '../lib/download';
import { formatExact, formatNumber } from '../lib/format';
import {
  resetCurveRange,
  setCurveGroup,
  setCurveParam,
  setCurveRange,
  setHalfMse,
  setLogY,
  setProbe,
  toggleCurveHidden,
  toggleCurveLoss,
} from '../state/actions';
import { lossesOf } from '../state/catalog';
import { curveGroups, findCurveGroup, variableOf } from '../state/loss-setup';
import type { AppStore } from '../state/store';
import { parseNumber } from '../state/url';
import { CurveChart } from './curves/CurveChart';
import { computeCurves, curveName, curveScale, probeLoss } from './curves/compute';
import { curveColor } from './curves/palette';

function groupKey(family: string, variable: string): string {
  return `${family}:${variable}`;
}

export function CurvesView(props: { store: AppStore; theme: 'light' | 'dark' }) {
  const curves = () => props.store.state.curves;
  const catalog = createMemo(() => lossesOf(props.store.state));
  const group = createMemo(() => findCurveGroup(catalog(), curves().family, curves().variable)!);
  const data = createMemo(() => {
    const start = performance.now();
    const computed = computeCurves(curves(), catalog());
    const sweepMs = performance.now() - start;
    // The charts redraw in this same task; the next frame shows the result.
    requestAnimationFrame(() =>
      recordFrame({
        view: 'curves',
        backend: 'cpu',
        sweepMs,
        frameMs: performance.now() - start,
        at: performance.now(),
      }),
    );
    return computed;
  });
  const colors = createMemo(() => curves().losses.map((_, k) => curveColor(k, props.theme)));
  const xVariable = createMemo(() => {
    const first = catalog().get(curves().losses[0]!);
    return variableOf(first, curves().variable)!;
  });
  const [hover, setHover] = createSignal<number | undefined>(undefined);
  const [rangeError, setRangeError] = createSignal(false);
  const charts: { value?: uPlot; slope?: uPlot } = {};
  const readAt = () => hover() ?? curves().probe;

  const commitRange = (end: 'min' | 'max', text: string) => {
    const value = parseNumber(text);
    const c = curves();
    const min = end === 'min' ? (value ?? Number.NaN) : c.min;
    const max = end === 'max' ? (value ?? Number.NaN) : c.max;
    let accepted = false;
    props.store.update((s) => {
      const next = setCurveRange(s, min, max);
      accepted = next !== s;
      return next;
    });
    setRangeError(!accepted);
  };

  const exportPng = async () => {
    const value = charts.value?.ctx.canvas;
    const slope = charts.slope?.ctx.canvas;
    if (!value || !slope) return;
    const c = curves();
    const page = themeColors();
    // uPlot's canvases are at device pixels: the header follows their scale.
    const scale = value.width / Math.max(1, value.clientWidth);
    const body = composePanels(
      [
        { title: 'Loss', canvas: value },
        { title: `Derivative ∂/∂${c.variable}`, canvas: slope },
      ],
      page,
      scale,
    );
    const shown = c.losses.filter((id) => !c.hidden.includes(id));
    const hidden = c.losses.filter((id) => c.hidden.includes(id));
    const figure = composeFigure(
      body,
      {
        title: `${FAMILY_LABELS[c.family]} losses over ${xVariable().label}`,
        legend: shown.map((id) => ({
          label: curveName(c, catalog(), id),
          color: colors()[c.losses.indexOf(id)] ?? page.foreground,
          kind: 'line' as const,
        })),
        lines: [
          ...c.losses.flatMap((id) => {
            const values = Object.entries(c.params[id] ?? {});
            if (values.length === 0) return [];
            const loss = catalog().get(id);
            const text = values
              .map(([name, v]) => `${variableOf(loss, name)?.label ?? name} = ${formatExact(v)}`)
              .join('; ');
            return [`${loss.name}: ${text}.`];
          }),
          `Probe (dashed line): ${c.variable} = ${formatExact(c.probe)}.`,
          c.halfMse ? 'MSE drawn as ½r², the scale of Huber’s quadratic part (MSE itself is r²).' : undefined,
          c.logY ? 'The loss on a log scale (values ≤ 0 left out).' : undefined,
          hidden.length > 0
            ? `Hidden: ${hidden.map((id) => curveName(c, catalog(), id)).join(', ')}.`
            : undefined,
          'Exact f64 values from @losslab/core · losslab',
        ].filter((line): line is string => line !== undefined),
      },
      page,
      scale,
    );
    downloadBlob(await canvasToPng(figure), `losslab-curves-${c.family}.png`);
  };
  const exportCsv = () => {
    const d = data();
    const x = curves().variable;
    // A curve drawn at a scale (½ · MSE) says so in its column names.
    const column = (id: string) =>
      curveScale(curves(), id) === 1 ? id : `${curveScale(curves(), id)}*${id}`;
    const header = [x, ...d.curves.flatMap((c) => [column(c.id), `d${column(c.id)}/d${x}`])];
    const chunks = csvChunks(header, d.xs.length, (row, column) => {
      if (column === 0) return d.xs[row]!;
      const curve = d.curves[Math.floor((column - 1) / 2)]!;
      return (column % 2 === 1 ? curve.value : curve.slope)[row]!;
    });
    downloadBlob(new Blob(chunks, { type: 'text/csv' }), `losslab-curves-${curves().family}.csv`);
  };

  const lossSliders = (loss: LossDef) => loss.variables.filter((v) => v.name !== curves().variable);

  return (
    <div class="view">
      <section class="controls" aria-label="Curve settings">
        <div class="field">
          <label for="curves-group">Losses over</label>
          <select
            id="curves-group"
            value={groupKey(curves().family, curves().variable)}
            onChange={(e) => {
              const [family = '', variable = ''] = e.currentTarget.value.split(':');
              props.store.update((s) => setCurveGroup(s, family, variable));
            }}
          >
            <For each={curveGroups(catalog())}>
              {(g) => (
                <option value={groupKey(g.family, g.variable)}>
                  {FAMILY_LABELS[g.family]} — {variableOf(g.losses[0]!, g.variable)?.label ?? g.variable}
                </option>
              )}
            </For>
          </select>
        </div>
        <fieldset>
          <legend>Losses shown</legend>
          <For each={group().losses}>
            {(loss) => (
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={curves().losses.includes(loss.id)}
                  disabled={curves().losses.length === 1 && curves().losses.includes(loss.id)}
                  onChange={() => props.store.update((s) => toggleCurveLoss(s, loss.id))}
                />
                {loss.name}
              </label>
            )}
          </For>
        </fieldset>
        <fieldset>
          <legend>Range of {curves().variable}</legend>
          <div class="field-row">
            <div class="field">
              <label for="curves-min">Min</label>
              <input
                id="curves-min"
                type="text"
                inputmode="decimal"
                value={String(curves().min)}
                aria-invalid={rangeError()}
                onChange={(e) => commitRange('min', e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="curves-max">Max</label>
              <input
                id="curves-max"
                type="text"
                inputmode="decimal"
                value={String(curves().max)}
                aria-invalid={rangeError()}
                onChange={(e) => commitRange('max', e.currentTarget.value)}
              />
            </div>
          </div>
          <Show when={rangeError()}>
            <span class="hint" role="alert">
              Needs min &lt; max inside every shown loss’s domain.
            </span>
          </Show>
          <button type="button" onClick={() => props.store.update(resetCurveRange)}>
            Reset range
          </button>
          <Slider
            id="curves-probe"
            label={`Probe ${curves().variable}`}
            value={curves().probe}
            min={curves().min}
            max={curves().max}
            scale="linear"
            domain={{
              kind: 'interval',
              min: curves().min,
              max: curves().max,
              minInclusive: true,
              maxInclusive: true,
            }}
            onInput={(value) => props.store.update((s) => setProbe(s, value))}
          />
          <label class="checkbox">
            <input
              type="checkbox"
              checked={curves().logY}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                props.store.update((s) => setLogY(s, on));
              }}
            />
            Log scale for the loss
          </label>
        </fieldset>
        <For each={curves().losses.map((id) => catalog().get(id))}>
          {(loss) => (
            <Show when={lossSliders(loss).length > 0}>
              <fieldset>
                <legend>{loss.name}</legend>
                <For each={lossSliders(loss)}>
                  {(variable) => (
                    <Show
                      when={variable.domain.kind === 'interval'}
                      fallback={
                        <div class="field">
                          <label for={`curves-${loss.id}-${variable.name}`}>{variable.label}</label>
                          <select
                            id={`curves-${loss.id}-${variable.name}`}
                            value={String(curves().params[loss.id]?.[variable.name])}
                            onChange={(e) =>
                              props.store.update((s) =>
                                setCurveParam(s, loss.id, variable.name, Number(e.currentTarget.value)),
                              )
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
                        id={`curves-${loss.id}-${variable.name}`}
                        label={variable.label}
                        value={curves().params[loss.id]?.[variable.name] ?? 0}
                        min={variable.plot.min}
                        max={variable.plot.max}
                        scale={variable.plot.scale}
                        domain={variable.domain}
                        onInput={(value) =>
                          props.store.update((s) => setCurveParam(s, loss.id, variable.name, value))
                        }
                      />
                    </Show>
                  )}
                </For>
              </fieldset>
            </Show>
          )}
        </For>
        <div class="actions">
          <button type="button" onClick={() => void exportPng()}>
            Export PNG
          </button>
          <button type="button" onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </section>
      <section class="plot-panel" aria-labelledby="curves-title">
        <h2 id="curves-title" class="plot-title">
          {FAMILY_LABELS[curves().family]} losses over {xVariable().label}
        </h2>
        <ul class="curve-legend" aria-label="Legend: show or hide curves">
          <For each={curves().losses}>
            {(id, k) => (
              <li>
                <label>
                  <input
                    type="checkbox"
                    checked={!curves().hidden.includes(id)}
                    onChange={() => props.store.update((s) => toggleCurveHidden(s, id))}
                  />
                  <span class="curve-key" style={{ background: colors()[k()] }} aria-hidden="true" />
                  {curveName(curves(), catalog(), id)}
                </label>
              </li>
            )}
          </For>
        </ul>
        <Show when={curves().losses.includes('mse')}>
          <div class="curve-options">
            <label class="checkbox">
              <input
                type="checkbox"
                data-testid="half-mse"
                checked={curves().halfMse}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  props.store.update((s) => setHalfMse(s, on));
                }}
              />
              Draw MSE as ½r², the scale of Huber’s quadratic part
            </label>
            <Show when={curves().losses.includes('huber')}>
              <p class="hint" data-testid="huber-note">
                <Show
                  when={curves().halfMse}
                  fallback={
                    <>
                      Huber is ½r² inside ±δ, half of MSE’s r²: at δ = 10 it is exactly half of MSE for |r| ≤
                      10. Draw MSE as ½r² to compare the two on one scale.
                    </>
                  }
                >
                  MSE is drawn at half (½r²), the scale Huber matches: inside ±δ Huber equals ½r²; beyond it
                  Huber grows like δ·|r| − ½δ², an MAE shape with slope ±δ. Slide δ: small δ gives an MAE-like
                  V, large δ the ½r² parabola.
                </Show>
              </p>
            </Show>
          </div>
        </Show>
        <div class="curves-plots">
          <CurveChart
            label="Loss"
            xLabel={curves().variable}
            yLabel="loss"
            data={data()}
            which="value"
            hidden={curves().hidden}
            logY={curves().logY}
            colors={colors()}
            probe={curves().probe}
            theme={props.theme}
            onHover={setHover}
            onChart={(c) => {
              charts.value = c;
            }}
            testId="curve-value"
          />
          <CurveChart
            label={`Derivative ∂/∂${curves().variable}`}
            xLabel={curves().variable}
            yLabel={`∂/∂${curves().variable}`}
            data={data()}
            which="slope"
            hidden={curves().hidden}
            logY={false}
            colors={colors()}
            probe={curves().probe}
            theme={props.theme}
            onHover={setHover}
            onChart={(c) => {
              charts.slope = c;
            }}
            testId="curve-slope"
          />
        </div>
        <Show when={curves().logY}>
          <p class="hint">Log scale: points where the loss is 0 or negative are left out.</p>
        </Show>
        <For each={data().curves.filter((c) => c.undefinedPoints > 0)}>
          {(c) => (
            <p class="note-undefined" role="note" data-testid={`curve-undefined-${c.id}`}>
              {curveName(curves(), catalog(), c.id)} is undefined at {c.undefinedPoints} of {data().xs.length}{' '}
              points of this range (left out of the plot): {c.reason}
            </p>
          )}
        </For>
        <For each={data().curves.filter((c) => c.infinitePoints > 0)}>
          {(c) => (
            <p class="hint" role="note" data-testid={`curve-infinite-${c.id}`}>
              {curveName(curves(), catalog(), c.id)} or its derivative is ±∞ (beyond f64’s largest number,
              1.8e308) at {c.infinitePoints} of {data().xs.length} points of this range; they are left out of
              the plot.
            </p>
          )}
        </For>
        <div class="table-scroll">
          <table data-testid="probe-table">
            <caption class="hint" style={{ 'text-align': 'left' }}>
              {hover() === undefined ? 'At the probe' : 'At the cursor'}: {curves().variable} ={' '}
              <span data-testid="probe-x">{formatExact(readAt())}</span> (exact f64 values from core)
            </caption>
            <thead>
              <tr>
                <th scope="col">Loss</th>
                <th scope="col" class="num">
                  Value
                </th>
                <th scope="col" class="num">
                  ∂/∂{curves().variable}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={curves().losses}>
                {(id, k) => {
                  const read = () => probeLoss(curves(), catalog(), id, readAt());
                  return (
                    <tr data-loss={id}>
                      <th scope="row">
                        <span class="curve-key" style={{ background: colors()[k()] }} aria-hidden="true" />{' '}
                        {curveName(curves(), catalog(), id)}
                      </th>
                      <td class="num" data-testid={`probe-value-${id}`} data-value={String(read()?.value)}>
                        {read()?.reason ? 'undefined' : read() ? formatNumber(read()!.value, 8) : '—'}
                      </td>
                      <td class="num" data-testid={`probe-slope-${id}`} data-value={String(read()?.slope)}>
                        {read()?.reason ? 'undefined' : read() ? formatNumber(read()!.slope, 8) : '—'}
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
        <For each={curves().losses}>
          {(id) => (
            <Show when={probeLoss(curves(), catalog(), id, readAt())?.reason}>
              {(reason) => (
                <p class="hint" data-testid={`probe-undefined-${id}`}>
                  {reason()}
                </p>
              )}
            </Show>
          )}
        </For>
      </section>
    </div>
  );
}
