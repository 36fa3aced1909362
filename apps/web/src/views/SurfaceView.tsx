/** The surface view: the same sweep as the heatmap, as a lit 3D height field with an orbit camera. */
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import { Colorbar } from '../components/Colorbar';
import type { ComputeBackend, GridResult } from '../compute/types';
import { composeFigure, composeSurface, themeColors } from '../lib/compose-png';
import { canvasToPng, downloadBlob } from '../lib/download';
import { createElementSize } from '../lib/element-size';
import { formatNumber } from '../lib/format';
import { axisTicks } from '../lib/ticks';
import { createSurfaceRenderer } from '../render';
import { colormapRgb } from '../render/colormaps';
import { resolveScale } from '../render/scale';
import { type SurfaceAxesLayout, surfaceAxesLayout } from '../render/surface-axes';
import { pickSurfacePoint, type SurfacePick } from '../render/surface-pick';
import type { CameraState, SurfaceRenderer, SurfaceStyle } from '../render/types';
import { lossesOf } from '../state/catalog';
import { DEFAULT_CAMERA } from '../state/defaults';
import { canSweep2d } from '../state/loss-setup';
import type { AppStore } from '../state/store';
import { axisTitle, markerLegend } from './HeatmapView';
import { GridReadout } from './sweep/GridReadout';
import { createGridSweep } from './sweep/grid-sweep';
import { SingleVariableNote } from './sweep/SingleVariableNote';
import { SweepControls } from './sweep/SweepControls';
import { colorStyleFor, colourLine, fixedValuesLine, outputLabel, sweepSpecOf } from './sweep/spec';
import { UndefinedCells } from './sweep/UndefinedCells';

/** Cameras in the URL keep four decimals: enough to reproduce the view, short enough to share. */
function roundCamera(c: CameraState): CameraState {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    yaw: r(c.yaw),
    pitch: r(c.pitch),
    distance: r(c.distance),
    targetX: r(c.targetX),
    targetY: r(c.targetY),
  };
}

const sameCamera = (a: CameraState, b: CameraState) =>
  a.yaw === b.yaw &&
  a.pitch === b.pitch &&
  a.distance === b.distance &&
  a.targetX === b.targetX &&
  a.targetY === b.targetY;

function SurfacePlot(props: { store: AppStore; backend: ComputeBackend }) {
  const state = () => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const size = createMemo(() => Math.min(state().resolution, props.backend.info.maxSurfaceResolution));
  const spec = createMemo(() => sweepSpecOf(state(), size()));
  let canvas!: HTMLCanvasElement;
  let renderer: SurfaceRenderer | undefined;
  const [initError, setInitError] = createSignal<string | undefined>(undefined);

  const style = (result: GridResult) => ({
    ...colorStyleFor(result.stats, {
      colormap: state().colormap,
      colorScale: state().colorScale,
      contours: 0,
    }).style,
    wireframe: state().wireframe,
  });
  const draw = (result: GridResult) => {
    if (!renderer) throw new Error(initError() ?? 'the renderer is not ready');
    renderer.draw(result.source, style(result));
  };
  onMount(() => {
    try {
      renderer = createSurfaceRenderer(canvas, props.backend.device);
      renderer.camera = { ...state().camera };
      renderer.onCameraChange((camera) => {
        const rounded = roundCamera(camera);
        if (!sameCamera(rounded, state().camera)) props.store.update((s) => ({ ...s, camera: rounded }));
      });
    } catch (error) {
      setInitError(error instanceof Error ? error.message : String(error));
    }
  });
  onCleanup(() => renderer?.destroy());
  const sweep = createGridSweep({
    backend: props.backend,
    view: 'surface',
    spec,
    draw,
    redrawOn: () => [state().colormap, state().colorScale, state().wireframe],
    resizes: () => canvas,
  });

  // The camera can also change from outside the canvas (reset button, URL): push it to the renderer.
  createEffect(
    on(
      () => ({ ...state().camera }),
      (camera) => {
        if (renderer && !sameCamera(roundCamera(renderer.camera), camera)) renderer.camera = camera;
      },
      { defer: true },
    ),
  );
  const color = createMemo(() => {
    const result = sweep.result();
    return result ? style(result) : undefined;
  });

  // The canvas's CSS size, for placing the axis labels and reading the pointer.
  const box = createElementSize(() => canvas);
  const layout = createMemo((): SurfaceAxesLayout | undefined => {
    const result = sweep.result();
    const c = color();
    if (!result || !c) return undefined;
    return surfaceAxesLayout(state().camera, box().width, box().height, surfaceAxes(state(), result, c));
  });

  // The readout: the grid point under the pointer, picked on the CPU copy of the grid.
  const [values] = createResource(sweep.result, (result) => result.values());
  const [pick, setPick] = createSignal<SurfacePick | undefined>(undefined);
  /** Where the pointer rests over the canvas (CSS pixels), so a pick can wait for the grid's values. */
  let pointer: { x: number; y: number } | undefined;
  const pickAtPointer = () => {
    const result = sweep.result();
    const data = values.latest;
    const c = color();
    if (!result || !data || !c || !pointer) return;
    const rect = canvas.getBoundingClientRect();
    setPick(
      pickSurfacePoint(
        data,
        result.source.nx,
        result.source.ny,
        resolveScale(c),
        state().camera,
        rect.width,
        rect.height,
        pointer,
      ),
    );
  };
  const onPointerMove = (event: PointerEvent) => {
    // While a drag turns the camera the readout waits.
    if (event.buttons !== 0) return;
    const rect = canvas.getBoundingClientRect();
    pointer = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    pickAtPointer();
  };
  const onPointerLeave = () => {
    pointer = undefined;
    setPick(undefined);
  };
  // A pointer that came to rest before the grid's values were read back picks once they arrive.
  createEffect(on(values, () => untrack(pickAtPointer), { defer: true }));
  // A new camera or sweep moves the surface from under the marker.
  createEffect(on([() => ({ ...state().camera }), sweep.result], () => setPick(undefined), { defer: true }));

  const exportPng = async () => {
    const result = sweep.result();
    const c = color();
    const placed = layout();
    if (!result || !renderer || !c || !placed) return;
    // Redraw first: a WebGPU canvas is only guaranteed readable in the task that drew it.
    renderer.draw(result.source, style(result));
    const s = state();
    const colors = themeColors();
    const body = composeSurface({
      plot: canvas,
      plotWidth: canvas.clientWidth,
      plotHeight: canvas.clientHeight,
      texts: placed.texts,
      marks: placed.marks,
      colorbar: {
        rgb: (t) => colormapRgb(c.colormap, t),
        ticks: axisTicks(c.range.min, c.range.max, c.colorScale === 'log' ? 'log' : 'linear', 6),
        label: outputLabel(s.output),
      },
      ...colors,
    });
    const figure = composeFigure(
      body,
      {
        title: `${loss().name} — ${outputLabel(s.output)} over ${result.x.variable} × ${result.y.variable}, as a surface`,
        legend: markerLegend(result.stats),
        lines: [
          fixedValuesLine(loss(), s.params),
          colourLine(colorStyleFor(result.stats, { ...s, contours: 0 }), 'Height and colour'),
          `${result.source.nx}×${result.source.ny} grid (f32) on ${props.backend.info.kind === 'webgpu' ? 'WebGPU' : 'the CPU'} · losslab`,
        ].filter((line): line is string => line !== undefined),
      },
      colors,
    );
    downloadBlob(await canvasToPng(figure), `losslab-${s.loss}-surface.png`);
  };

  return (
    <>
      <div class="actions">
        <button type="button" onClick={() => void exportPng()} disabled={!sweep.result()}>
          Export PNG
        </button>
        <button type="button" onClick={() => props.store.update((s) => ({ ...s, camera: DEFAULT_CAMERA }))}>
          Reset camera
        </button>
        <Show when={sweep.result()}>
          {(result) => (
            <span class="hint" data-testid="grid-size">
              {result().source.nx}×{result().source.ny} mesh
            </span>
          )}
        </Show>
      </div>
      <div class="plot-frame" style={{ 'grid-template-columns': 'minmax(0, 1fr) 5.2rem' }}>
        <div
          class="plot-canvas-wrap surface-wrap"
          data-testid="surface"
          data-frames={sweep.frames()}
          onPointerMove={onPointerMove}
          onPointerLeave={onPointerLeave}
        >
          <canvas ref={canvas} data-testid="surface-canvas" data-backend={props.backend.info.kind} />
          <Show when={layout()}>
            {(l) => (
              <svg
                class="surface-axes"
                data-testid="surface-axes-overlay"
                aria-hidden="true"
                width={box().width}
                height={box().height}
              >
                <For each={l().marks}>{(m) => <line x1={m.x1} y1={m.y1} x2={m.x2} y2={m.y2} />}</For>
                <For each={l().texts}>
                  {(t) => (
                    <text
                      x={t.x}
                      y={t.y}
                      class={t.kind}
                      data-axis={t.axis}
                      text-anchor={t.align === 'left' ? 'start' : t.align === 'right' ? 'end' : 'middle'}
                      dominant-baseline={
                        t.baseline === 'top' ? 'hanging' : t.baseline === 'bottom' ? 'text-bottom' : 'central'
                      }
                    >
                      {t.text}
                    </text>
                  )}
                </For>
              </svg>
            )}
          </Show>
          <Show when={pick()}>
            {(p) => (
              <span
                class="crosshair surface-marker"
                data-testid="surface-marker"
                style={{ left: `${p().x}px`, top: `${p().y}px` }}
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
              colormap={c().colormap}
              colorScale={c().colorScale}
              range={c().range}
              label={outputLabel(state().output)}
            />
          )}
        </Show>
      </div>
      <UndefinedCells result={sweep.result()} />
      <GridReadout
        state={state()}
        result={sweep.result()}
        cell={pick()}
        hint="Hover over the surface to read the value and gradient at a point."
      />
      <p class="hint" data-testid="surface-axes">
        <Show when={sweep.result()}>
          {(result) => (
            <>
              Horizontal axes: {axisTitle(loss(), result().x.variable)} from {formatNumber(result().x.min)} to{' '}
              {formatNumber(result().x.max)}
              {result().x.scale === 'log' ? ' (log)' : ''}; {axisTitle(loss(), result().y.variable)} from{' '}
              {formatNumber(result().y.min)} to {formatNumber(result().y.max)}
              {result().y.scale === 'log' ? ' (log)' : ''}. Height and colour: {outputLabel(state().output)}{' '}
              from {formatNumber(result().stats.min)} to {formatNumber(result().stats.max)}.
            </>
          )}
        </Show>{' '}
        Drag to rotate, shift-drag to pan, scroll or pinch to zoom; with the canvas focused, arrows rotate,
        shift+arrows pan, + and − zoom, Home resets.
      </p>
    </>
  );
}

/** Ticks and titles of the three axes: the sweep's two variables and the height (the colour scale). */
function surfaceAxes(state: AppStore['state'], result: GridResult, c: SurfaceStyle) {
  const axis = (a: GridResult['x']) => ({
    ticks: axisTicks(a.min, a.max, a.scale, 5),
    title: `${a.variable}${a.scale === 'log' ? ' (log)' : ''}`,
  });
  return {
    x: axis(result.x),
    y: axis(result.y),
    z: {
      ticks: axisTicks(c.range.min, c.range.max, c.colorScale === 'log' ? 'log' : 'linear', 5),
      title: `${outputLabel(state.output)}${c.colorScale === 'log' ? ' (log)' : ''}`,
    },
  };
}

export function SurfaceView(props: { store: AppStore; backend: ComputeBackend | undefined }) {
  const state = () => props.store.state;
  const loss = createMemo(() => lossesOf(state()).get(state().loss));
  const maxResolution = () => props.backend?.info.maxSurfaceResolution ?? 1024;
  const capNote = () =>
    props.backend && state().resolution > maxResolution()
      ? `Surfaces on ${props.backend.info.kind === 'cpu' ? 'the CPU' : 'the GPU'} use at most a ${maxResolution()}² mesh.`
      : undefined;
  return (
    <div class="view">
      <SweepControls store={props.store} prefix="surface" maxResolution={maxResolution()} capNote={capNote()}>
        <fieldset>
          <legend>Surface</legend>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={state().wireframe}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                props.store.update((s) => ({ ...s, wireframe: on }));
              }}
            />
            Wireframe
          </label>
        </fieldset>
      </SweepControls>
      <section class="plot-panel" aria-labelledby="surface-title">
        <h2 id="surface-title" class="plot-title">
          {loss().name} — {outputLabel(state().output)} as a surface
        </h2>
        <Show when={canSweep2d(loss())} fallback={<SingleVariableNote store={props.store} />}>
          <Show
            when={props.backend}
            keyed
            fallback={<div class="plot-message">Starting the compute engine…</div>}
          >
            {(backend) => <SurfacePlot store={props.store} backend={backend} />}
          </Show>
        </Show>
      </section>
    </div>
  );
}
