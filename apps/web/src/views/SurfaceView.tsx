/** The surface view: the same sweep as the heatmap, as a lit 3D height field with an orbit camera. */
import { getLoss } from '@losslab/core';
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { Colorbar } from '../components/Colorbar';
import type { ComputeBackend, GridResult } from '../compute/types';
import { canvasToPng, downloadBlob } from '../lib/download';
import { formatNumber } from '../lib/format';
import { createSurfaceRenderer } from '../render';
import type { CameraState, SurfaceRenderer } from '../render/types';
import { DEFAULT_CAMERA } from '../state/defaults';
import { canSweep2d } from '../state/loss-setup';
import type { AppStore } from '../state/store';
import { axisTitle } from './HeatmapView';
import { createGridSweep } from './sweep/grid-sweep';
import { SingleVariableNote } from './sweep/SingleVariableNote';
import { SweepControls } from './sweep/SweepControls';
import { colorStyleFor, outputLabel, sweepSpecOf } from './sweep/spec';

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
  const exportPng = async () => {
    const result = sweep.result();
    if (!result || !renderer) return;
    renderer.draw(result.source, style(result));
    downloadBlob(await canvasToPng(canvas), `losslab-${state().loss}-surface.png`);
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
        <div class="plot-canvas-wrap" data-testid="surface" data-frames={sweep.frames()}>
          <canvas ref={canvas} data-testid="surface-canvas" data-backend={props.backend.info.kind} />
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
      <p class="hint" data-testid="surface-axes">
        <Show when={sweep.result()}>
          {(result) => (
            <>
              Horizontal axes: {axisTitle(state().loss, result().x.variable)} from{' '}
              {formatNumber(result().x.min)} to {formatNumber(result().x.max)}
              {result().x.scale === 'log' ? ' (log)' : ''}; {axisTitle(state().loss, result().y.variable)}{' '}
              from {formatNumber(result().y.min)} to {formatNumber(result().y.max)}
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

export function SurfaceView(props: { store: AppStore; backend: ComputeBackend | undefined }) {
  const state = () => props.store.state;
  const loss = createMemo(() => getLoss(state().loss));
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
