/** The heatmap view: any loss over any two of its variables, coloured, with axes, colorbar and readout. */
import { type LossDef, outputKey, type SweepStats } from '@losslab/core';
import { createMemo, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { Axis } from '../components/Axis';
import { Colorbar } from '../components/Colorbar';
import type { ComputeBackend, GridResult } from '../compute/types';
import { composeFigure, composePlot, type LegendEntry, themeColors } from '../lib/compose-png';
import { gridCsv } from '../lib/csv';
import { canvasToPng, downloadBlob } from '../lib/download';
import { axisTicks } from '../lib/ticks';
import { createHeatmapRenderer } from '../render';
import { colormapRgb, INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from '../render/colormaps';
import { cellAt } from '../render/grid';
import type { HeatmapRenderer } from '../render/types';
import { lossesOf } from '../state/catalog';
import { canSweep2d, variableOf } from '../state/loss-setup';
import type { AppStore } from '../state/store';
import { MAX_CONTOURS } from '../state/types';
import { type Cell, GridReadout } from './sweep/GridReadout';
import { createGridSweep } from './sweep/grid-sweep';
import { SingleVariableNote } from './sweep/SingleVariableNote';
import { SweepControls } from './sweep/SweepControls';
import { colorStyleFor, colourLine, fixedValuesLine, lossIdOf, outputLabel, sweepSpecOf } from './sweep/spec';
import { UndefinedCells } from './sweep/UndefinedCells';

const rgbCss = (rgb: readonly number[]) => `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;

/** The marker colours of a sweep, as an export's legend (the colorbar keys the finite values). */
export function markerLegend(stats: SweepStats): LegendEntry[] {
  return [
    { label: `+∞ (${stats.posInfCount} cells)`, color: rgbCss(INFINITY_MARKER_RGB), kind: 'box' },
    {
      label: `−∞ or undefined (${stats.negInfCount + stats.nanCount} cells)`,
      color: rgbCss(NEG_INFINITY_MARKER_RGB),
      kind: 'box',
    },
  ];
}

export function axisTitle(loss: LossDef, name: string): string {
  const variable = variableOf(loss, name);
  return variable ? variable.label : name;
}

function HeatmapPlot(props: { store: AppStore; backend: ComputeBackend }) {
  const state = () => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const size = createMemo(() => Math.min(state().resolution, props.backend.info.maxResolution));
  const spec = createMemo(() => sweepSpecOf(state(), size()));
  let canvas!: HTMLCanvasElement;
  let wrap!: HTMLDivElement;
  let renderer: HeatmapRenderer | undefined;
  const [initError, setInitError] = createSignal<string | undefined>(undefined);
  const [cell, setCell] = createSignal<Cell | undefined>(undefined);

  const colorChoice = () => ({
    colormap: state().colormap,
    colorScale: state().colorScale,
    contours: state().contours,
  });
  const draw = (result: GridResult) => {
    if (!renderer) throw new Error(initError() ?? 'the renderer is not ready');
    renderer.draw(result.source, colorStyleFor(result.stats, colorChoice()).style);
  };

  onMount(() => {
    try {
      renderer = createHeatmapRenderer(canvas, props.backend.device);
    } catch (error) {
      setInitError(error instanceof Error ? error.message : String(error));
    }
  });
  const sweep = createGridSweep({
    backend: props.backend,
    view: 'heatmap',
    spec,
    draw,
    // Colours and contours change without a new sweep.
    redrawOn: () => [state().colormap, state().colorScale, state().contours],
    resizes: () => wrap,
  });
  onCleanup(() => renderer?.destroy());

  const color = createMemo(() => {
    const result = sweep.result();
    return result ? colorStyleFor(result.stats, colorChoice()) : undefined;
  });

  const pointerCell = (event: PointerEvent): Cell | undefined => {
    const result = sweep.result();
    if (!result) return undefined;
    const box = wrap.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    if (x < 0 || y < 0 || x >= box.width || y >= box.height) return undefined;
    return cellAt(x, y, box.width, box.height, result.source.nx, result.source.ny);
  };
  const onKey = (event: KeyboardEvent) => {
    const result = sweep.result();
    if (!result) return;
    const { nx, ny } = result.source;
    const step = Math.max(1, Math.round(nx / 32)) * (event.shiftKey ? 4 : 1);
    const current = cell() ?? { i: Math.floor(nx / 2), j: Math.floor(ny / 2) };
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCell({
        i: Math.min(nx - 1, Math.max(0, current.i + move[0])),
        j: Math.min(ny - 1, Math.max(0, current.j + move[1])),
      });
    } else if (event.key === 'Escape') setCell(undefined);
  };
  const marker = createMemo(() => {
    const result = sweep.result();
    const c = cell();
    if (!result || !c) return undefined;
    return { left: ((c.i + 0.5) / result.source.nx) * 100, bottom: ((c.j + 0.5) / result.source.ny) * 100 };
  });

  const exportPng = async () => {
    const result = sweep.result();
    const style = color();
    if (!result || !style || !renderer) return;
    // Redraw first: a WebGPU canvas is only guaranteed readable in the task that drew it.
    renderer.draw(result.source, style.style);
    const s = state();
    const colors = themeColors();
    const plot = composePlot({
      plot: canvas,
      plotWidth: canvas.clientWidth,
      plotHeight: canvas.clientHeight,
      xTicks: axisTicks(s.x.min, s.x.max, s.x.scale),
      yTicks: axisTicks(s.y.min, s.y.max, s.y.scale),
      xLabel: axisTitle(loss(), s.x.variable) + (s.x.scale === 'log' ? ' (log)' : ''),
      yLabel: axisTitle(loss(), s.y.variable) + (s.y.scale === 'log' ? ' (log)' : ''),
      colorbar: {
        rgb: (t) => colormapRgb(style.style.colormap, t),
        ticks: axisTicks(
          style.style.range.min,
          style.style.range.max,
          style.style.colorScale === 'log' ? 'log' : 'linear',
          6,
        ),
        label: outputLabel(s.output),
      },
      ...colors,
    });
    const figure = composeFigure(
      plot,
      {
        title: `${loss().name} — ${outputLabel(s.output)} over ${s.x.variable} × ${s.y.variable}`,
        legend: markerLegend(result.stats),
        lines: [
          fixedValuesLine(loss(), s.params),
          colourLine(style, 'Colour'),
          s.contours > 0 ? `${s.contours} iso-lines, evenly spaced on the colour scale.` : undefined,
          `${result.source.nx}×${result.source.ny} grid (f32) on ${props.backend.info.kind === 'webgpu' ? 'WebGPU' : 'the CPU'} · losslab`,
        ].filter((line): line is string => line !== undefined),
      },
      colors,
    );
    downloadBlob(await canvasToPng(figure), `losslab-${s.loss}-heatmap.png`);
  };
  const exportCsv = async () => {
    const result = sweep.result();
    if (!result) return;
    const values = await result.values();
    const spec = result.spec;
    const id = lossIdOf(spec.loss);
    const chunks = gridCsv(
      { x: spec.x.variable, y: spec.y.variable, value: `${id} ${outputKey(spec.output ?? 'value')}` },
      result.x.coords,
      result.y.coords,
      values,
    );
    downloadBlob(new Blob(chunks, { type: 'text/csv' }), `losslab-${id}-sweep.csv`);
  };

  return (
    <>
      <div class="actions">
        <button type="button" onClick={() => void exportPng()} disabled={!sweep.result()}>
          Export PNG
        </button>
        <button type="button" onClick={() => void exportCsv()} disabled={!sweep.result()}>
          Export CSV
        </button>
        <Show when={sweep.result()}>
          {(result) => (
            <span class="hint" data-testid="grid-size">
              {result().source.nx}×{result().source.ny} grid
            </span>
          )}
        </Show>
      </div>
      <div class="plot-frame">
        <Axis
          orientation="y"
          min={state().y.min}
          max={state().y.max}
          scale={state().y.scale}
          label={axisTitle(loss(), state().y.variable)}
        />
        <div
          ref={wrap}
          class="plot-canvas-wrap"
          data-testid="heatmap"
          data-frames={sweep.frames()}
          tabindex="0"
          role="application"
          aria-roledescription="heatmap"
          aria-label={`Heatmap of ${loss().name} ${outputLabel(state().output)} over ${state().x.variable} and ${state().y.variable}. Arrow keys move the readout cursor.`}
          onPointerMove={(e) => {
            const c = pointerCell(e);
            if (c) setCell(c);
          }}
          onKeyDown={onKey}
        >
          <canvas ref={canvas} data-testid="heatmap-canvas" data-backend={props.backend.info.kind} />
          <Show when={marker()}>
            {(m) => (
              <span
                class="crosshair"
                style={{ left: `${m().left}%`, bottom: `${m().bottom}%`, transform: 'translate(-50%, 50%)' }}
              />
            )}
          </Show>
          <Show when={initError() ?? sweep.error()}>
            {(message) => (
              <div class="plot-message error" role="alert">
                {message()}
              </div>
            )}
          </Show>
          <Show when={!sweep.result() && !sweep.error() && !initError()}>
            <div class="plot-message">Sweeping…</div>
          </Show>
        </div>
        <Show when={color()} fallback={<div />}>
          {(c) => (
            <Colorbar
              colormap={c().style.colormap}
              colorScale={c().style.colorScale}
              range={c().style.range}
              label={outputLabel(state().output)}
            />
          )}
        </Show>
        <div />
        <Axis
          orientation="x"
          min={state().x.min}
          max={state().x.max}
          scale={state().x.scale}
          label={axisTitle(loss(), state().x.variable)}
        />
      </div>
      <div class="legend-swatches">
        <span>
          <span class="swatch" style={{ background: rgbCss(INFINITY_MARKER_RGB) }} />
          +∞ {sweep.result() ? `(${sweep.result()!.stats.posInfCount} cells)` : ''}
        </span>
        <span>
          <span class="swatch" style={{ background: rgbCss(NEG_INFINITY_MARKER_RGB) }} />
          −∞ or undefined{' '}
          {sweep.result()
            ? `(${sweep.result()!.stats.negInfCount + sweep.result()!.stats.nanCount} cells)`
            : ''}
        </span>
        <Show when={color()?.note}>{(note) => <span>{note()}</span>}</Show>
      </div>
      <UndefinedCells result={sweep.result()} />
      <GridReadout state={state()} result={sweep.result()} cell={cell()} />
    </>
  );
}

export function HeatmapView(props: { store: AppStore; backend: ComputeBackend | undefined }) {
  const state = () => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const maxResolution = () => props.backend?.info.maxResolution ?? 4096;
  const capNote = () =>
    props.backend && state().resolution > maxResolution()
      ? `${props.backend.info.kind === 'cpu' ? 'CPU mode' : 'This GPU'} draws at most ${maxResolution()}²; showing ${maxResolution()}².`
      : props.backend?.info.kind === 'cpu'
        ? `CPU mode caps the grid at ${maxResolution()}² (the GPU goes to 4096²).`
        : undefined;
  return (
    <div class="view">
      <SweepControls store={props.store} prefix="heatmap" maxResolution={maxResolution()} capNote={capNote()}>
        <fieldset>
          <legend>Contours</legend>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={state().contours > 0}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                props.store.update((s) => ({ ...s, contours: on ? 10 : 0 }));
              }}
            />
            Iso-loss contour lines
          </label>
          <Show when={state().contours > 0}>
            <div class="field">
              <label for="heatmap-contours">Number of lines</label>
              <input
                id="heatmap-contours"
                type="number"
                min={1}
                max={MAX_CONTOURS}
                value={state().contours}
                onChange={(e) => {
                  const n = Math.round(Number(e.currentTarget.value));
                  if (n >= 1 && n <= MAX_CONTOURS) props.store.update((s) => ({ ...s, contours: n }));
                }}
              />
            </div>
          </Show>
        </fieldset>
      </SweepControls>
      <section class="plot-panel" aria-labelledby="heatmap-title">
        <h2 id="heatmap-title" class="plot-title">
          {loss().name} — {outputLabel(state().output)}
        </h2>
        <Show when={canSweep2d(loss())} fallback={<SingleVariableNote store={props.store} />}>
          <Show
            when={props.backend}
            keyed
            fallback={<div class="plot-message">Starting the compute engine…</div>}
          >
            {(backend) => <HeatmapPlot store={props.store} backend={backend} />}
          </Show>
        </Show>
      </section>
    </div>
  );
}
