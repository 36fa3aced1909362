/**
 * The landscape: the total loss of the chosen loss over (w, b), as a heatmap
 * with contours (or a 3D surface), the fits' minimizers, each data point's
 * line on request, the optimizers' paths, and a readout of the exact total
 * and gradient under the cursor. Clicking sets the optimizers' start.
 *
 * Computed by the backend controller's landscape path: on the WebGPU path by
 * the GPU engine at a fixed size, drawn from its buffer with no readback (the
 * CPU pool computes what the GPU refuses, and the panel says why); on the CPU
 * the grid size adapts so a redraw stays within ~50 ms while the data moves,
 * and refines once it rests.
 */
import { type LandscapeSpec, totalGradient, totalLoss } from '@losslab/core';
import {
  type Accessor,
  createEffect,
  createMemo,
  createResource,
  createSignal,
  Index,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import { Axis } from '../../components/Axis';
import { Colorbar } from '../../components/Colorbar';
import { CPU_MAX_SURFACE_RESOLUTION } from '../../compute/cpu-backend';
import type { ComputeBackend, LandscapeGrid } from '../../compute/types';
import { modelSpec, OPTIMIZERS, type OptimizerRun } from '../../fit/compute';
import type { LandscapeRange } from '../../fit/frame';
import { LIVE_BUDGET, ResolutionGovernor, SETTLED_BUDGET } from '../../fit/resolution';
import { createElementSize } from '../../lib/element-size';
import { formatExact, formatFloat32, formatMs, formatNumber } from '../../lib/format';
import { createHeatmapRenderer, createSurfaceRenderer } from '../../render';
import { projectPoint, SURFACE_Z_EXTENT, viewProjection } from '../../render/camera';
import { cellAt } from '../../render/grid';
import { resolveScale, scaleT } from '../../render/scale';
import { pickSurfacePoint } from '../../render/surface-pick';
import type { CameraState, HeatmapRenderer, SurfaceRenderer } from '../../render/types';
import type { AppStore } from '../../state/store';
import { createGridSweep } from '../sweep/grid-sweep';
import { colorStyleFor, type ResolvedColor } from '../sweep/spec';
import { exportLandscapeCsv, exportLandscapePng } from './export';
import { fitPoint, type LabModel } from './model';
import { dataLineSegments, unitOf } from './overlay';

/** Contour lines on the landscape heatmap. */
export const LANDSCAPE_CONTOURS = 14;
/** How long after the last change the landscape counts as settled and is drawn finer. */
const SETTLE_MS = 300;
/** The largest landscape side on the CPU (the budget usually decides first). */
const MAX_SIDE = 512;
/** The landscape side on the GPU, whose kernel does 1024² × 1000 points in milliseconds. */
const GPU_SIDE = 1024;
/** The surface's side on the GPU: a vertex per cell, and beyond 512² a mesh adds no visible detail. */
const GPU_SURFACE_SIDE = 512;

/** Grid-size learning is kept across views and reloads of the panel. */
const governor = new ResolutionGovernor();
/**
 * On a software WebGPU adapter (SwiftShader: a 1024² landscape takes seconds)
 * the GPU's grid is governed too, but only while the data moves: at rest it
 * is the full GPU grid. Its costs are learnt apart from the CPU's.
 */
const softwareGpuGovernor = new ResolutionGovernor();

export interface Cursor {
  readonly w: number;
  readonly b: number;
}

export function LandscapePanel(props: {
  store: AppStore;
  backend: ComputeBackend;
  model: LabModel;
  onStart: (start: Cursor) => void;
  /** True while the user holds a pointer down in the lab (dragging a point or a slider). */
  interacting: boolean;
}) {
  const lab = () => props.store.state.fit;

  // Unsettled from a change of anything the landscape depends on until SETTLE_MS after the last
  // one with no pointer held down (a drag that pauses stays coarse); then one finer landscape.
  const [settled, setSettled] = createSignal(true);
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const settleLater = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      if (untrack(() => props.interacting)) settleLater();
      else setSettled(true);
    }, SETTLE_MS);
  };
  createEffect(
    on(
      () => [props.model.inputs, lab().range],
      () => {
        setSettled(false);
        settleLater();
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(settleTimer));

  /**
   * Where the last landscape was computed (first guess: the backend's kind). A
   * landscape the GPU path leaves to the CPU is governed like the CPU's, with
   * the CPU's caps, until the GPU computes one again.
   */
  const [computedOn, setComputedOn] = createSignal<LandscapeGrid['computedOn']>(
    untrack(() => props.backend.info.kind),
  );
  const spec = createMemo((): LandscapeSpec | undefined => {
    const inputs = props.model.inputs;
    if (!inputs) return undefined;
    const info = props.backend.info;
    const surfaceCap = Math.min(info.maxSurfaceResolution, CPU_MAX_SURFACE_RESOLUTION);
    const cap = Math.min(MAX_SIDE, lab().surface ? surfaceCap : info.maxResolution);
    const n = lab().points.length;
    // A GPU computes a full grid in a few milliseconds: the budget governs the CPU, and a
    // software adapter's GPU grid is smaller while the data moves.
    const gpuSide = Math.min(
      lab().surface ? GPU_SURFACE_SIDE : GPU_SIDE,
      lab().surface ? info.maxSurfaceResolution : info.maxResolution,
    );
    const onGpu = info.kind === 'webgpu' && computedOn() === 'webgpu';
    const side = !onGpu
      ? governor.size(inputs.loss.id, n, { ...(settled() ? SETTLED_BUDGET : LIVE_BUDGET), max: cap })
      : info.software && !settled()
        ? softwareGpuGovernor.size(inputs.loss.id, n, { ...LIVE_BUDGET, max: gpuSide })
        : gpuSide;
    const r = lab().range;
    return {
      ...modelSpec(inputs),
      w: { min: r.wMin, max: r.wMax, size: side },
      b: { min: r.bMin, max: r.bMax, size: side },
    };
  });

  const style = (result: LandscapeGrid): ResolvedColor =>
    colorStyleFor(result.stats, {
      colormap: 'viridis',
      colorScale: lab().colorScale,
      contours: lab().surface ? 0 : LANDSCAPE_CONTOURS,
    });
  const observe = (result: LandscapeGrid) => {
    setComputedOn(result.computedOn);
    const loss = typeof result.spec.loss === 'string' ? result.spec.loss : result.spec.loss.id;
    const cells = result.source.nx * result.source.ny;
    if (result.computedOn === 'cpu') governor.observe(loss, cells, result.spec.data.x.length, result.sweepMs);
    else if (props.backend.info.software)
      softwareGpuGovernor.observe(loss, cells, result.spec.data.x.length, result.sweepMs);
  };

  return (
    <Show
      when={lab().surface}
      keyed
      fallback={<LandscapeHeatmap {...props} spec={spec} style={style} observe={observe} />}
    >
      <LandscapeSurface {...props} spec={spec} style={style} observe={observe} />
    </Show>
  );
}

interface PlotProps {
  interacting: boolean;
  store: AppStore;
  backend: ComputeBackend;
  model: LabModel;
  onStart: (start: Cursor) => void;
  spec: Accessor<LandscapeSpec | undefined>;
  style: (result: LandscapeGrid) => ResolvedColor;
  observe: (result: LandscapeGrid) => void;
}

/** The sweep both plots share: the backend's landscape, coalesced to one in flight. */
function createLandscapeSweep(
  props: PlotProps,
  draw: (result: LandscapeGrid) => void,
  resizes: () => Element,
) {
  return createGridSweep<LandscapeSpec, LandscapeGrid>({
    backend: props.backend,
    view: 'fit',
    spec: props.spec,
    run: (spec) => props.backend.landscape(spec),
    draw: (result) => {
      draw(result);
      props.observe(result);
    },
    redrawOn: () => [props.store.state.fit.colorScale],
    resizes,
  });
}

/** Why the plot is empty: an error (the renderer's or the landscape's), or the first landscape on its way. */
function PlotMessages(props: { error: string | undefined; computing: boolean }) {
  return (
    <>
      <Show when={props.error}>
        {(message) => (
          <div class="plot-message error" role="alert">
            {message()}
          </div>
        )}
      </Show>
      <Show when={props.computing && !props.error}>
        <div class="plot-message">Computing the landscape…</div>
      </Show>
    </>
  );
}

/** The landscape's colour bar, once a landscape has a colour style (an empty cell before, to keep the grid). */
function LandscapeColorbar(props: { color: ResolvedColor | undefined }) {
  return (
    <Show when={props.color} fallback={<div />}>
      {(c) => (
        <Colorbar
          colormap={c().style.colormap}
          colorScale={c().style.colorScale}
          range={c().style.range}
          label="total loss L"
        />
      )}
    </Show>
  );
}

function LandscapeHeatmap(props: PlotProps) {
  const lab = () => props.store.state.fit;
  let canvas!: HTMLCanvasElement;
  let wrap!: HTMLDivElement;
  let renderer: HeatmapRenderer | undefined;
  const [initError, setInitError] = createSignal<string | undefined>(undefined);
  const [cursor, setCursor] = createSignal<Cursor | undefined>(undefined);
  onMount(() => {
    try {
      renderer = createHeatmapRenderer(canvas, props.backend.device);
    } catch (error) {
      setInitError(error instanceof Error ? error.message : String(error));
    }
  });
  onCleanup(() => renderer?.destroy());
  const draw = (result: LandscapeGrid) => {
    if (!renderer) throw new Error(initError() ?? 'the renderer is not ready');
    renderer.draw(result.source, props.style(result).style);
  };
  const sweep = createLandscapeSweep(props, draw, () => wrap);
  const color = createMemo(() => {
    const result = sweep.result();
    return result ? props.style(result) : undefined;
  });

  const exportPng = () => {
    const result = sweep.result();
    const c = color();
    if (!result || !c || !renderer) return;
    renderer.draw(result.source, c.style);
    void exportLandscapePng({ fit: lab(), model: props.model, result, color: c, canvas, surface: false });
  };

  const range = () => lab().range;
  const at = (event: PointerEvent): Cursor | undefined => {
    const box = wrap.getBoundingClientRect();
    const u = (event.clientX - box.left) / box.width;
    const v = 1 - (event.clientY - box.top) / box.height;
    if (u < 0 || u > 1 || v < 0 || v > 1) return undefined;
    const r = range();
    return { w: r.wMin + u * (r.wMax - r.wMin), b: r.bMin + v * (r.bMax - r.bMin) };
  };
  let press: { x: number; y: number } | undefined;
  const onKey = (event: KeyboardEvent) => {
    const r = range();
    const current = cursor() ?? { w: (r.wMin + r.wMax) / 2, b: (r.bMin + r.bMax) / 2 };
    const k = event.shiftKey ? 10 : 1;
    const dw = ((r.wMax - r.wMin) / 50) * k;
    const db = ((r.bMax - r.bMin) / 50) * k;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-dw, 0],
      ArrowRight: [dw, 0],
      ArrowUp: [0, db],
      ArrowDown: [0, -db],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCursor({
        w: Math.min(r.wMax, Math.max(r.wMin, current.w + move[0])),
        b: Math.min(r.bMax, Math.max(r.bMin, current.b + move[1])),
      });
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onStart(tidyPoint(current, r));
    } else if (event.key === 'Escape') setCursor(undefined);
  };

  return (
    <>
      <LandscapeActions result={sweep.result()} onPng={exportPng} />
      <div class="plot-frame">
        <Axis orientation="y" min={range().bMin} max={range().bMax} scale="linear" label="b (intercept)" />
        <div
          ref={wrap}
          class="plot-canvas-wrap landscape-wrap"
          data-testid="landscape"
          data-frames={sweep.frames()}
          data-size={sweep.result()?.source.nx ?? 0}
          {...landscapeData(sweep.result())}
          tabindex="0"
          role="application"
          aria-roledescription="loss landscape"
          aria-label={`Landscape of the total ${props.model.inputs?.loss.name ?? ''} loss over slope w and intercept b. Click, or press Enter, to start the optimizers at a point; arrow keys move the readout cursor.`}
          onPointerMove={(e) => {
            const c = at(e);
            if (c) setCursor(c);
          }}
          onPointerLeave={() => setCursor(undefined)}
          onPointerDown={(e) => {
            if (e.button === 0) press = { x: e.clientX, y: e.clientY };
          }}
          onPointerUp={(e) => {
            const c = at(e);
            if (press && c && Math.hypot(e.clientX - press.x, e.clientY - press.y) < 5)
              props.onStart(tidyPoint(c, range()));
            press = undefined;
          }}
          onKeyDown={onKey}
        >
          <canvas ref={canvas} data-testid="landscape-canvas" data-backend={props.backend.info.kind} />
          <HeatmapOverlay store={props.store} model={props.model} />
          <Show when={cursor()}>
            {(c) => {
              const p = () => unitOf(range(), c().w, c().b);
              return (
                <span
                  class="crosshair"
                  style={{
                    left: `${p().u * 100}%`,
                    bottom: `${p().v * 100}%`,
                    transform: 'translate(-50%, 50%)',
                  }}
                />
              );
            }}
          </Show>
          <PlotMessages error={initError() ?? sweep.error()} computing={!sweep.result()} />
        </div>
        <LandscapeColorbar color={color()} />
        <div />
        <Axis orientation="x" min={range().wMin} max={range().wMax} scale="linear" label="w (slope)" />
      </div>
      <Show when={color()?.note}>{(note) => <p class="hint">{note()}</p>}</Show>
      <LandscapeReadout
        model={props.model}
        result={sweep.result()}
        cursor={cursor()}
        live={props.interacting}
      />
    </>
  );
}

/**
 * What tests and tools read off the plot: where the shown landscape was
 * computed (and why on the CPU, on the GPU path), its axes, its f32 min/max
 * (the colour scale's, reduced on the GPU there) and, on the GPU, the
 * resident dataset's version and the bytes written to it so far.
 */
function landscapeData(result: LandscapeGrid | undefined) {
  if (!result) return { 'data-computed-on': '' };
  const { w, b } = result.spec;
  return {
    'data-computed-on': result.computedOn === 'webgpu' ? 'gpu' : 'cpu',
    'data-fallback': result.fallback,
    'data-axes': JSON.stringify({ w, b }),
    'data-min': String(result.stats.min),
    'data-max': String(result.stats.max),
    'data-dataset-version': result.resident?.version,
    'data-dataset-bytes': result.resident?.bytesWritten,
  };
}

/** A run's trajectory, when it ran. */
const trajectoryOf = (run: OptimizerRun) => (run.kind === 'run' ? run.trajectory : undefined);

/** A start point rounded to a thousandth of the view: short links. */
function tidyPoint(c: Cursor, r: LandscapeRange): Cursor {
  const round = (value: number, span: number) => {
    const step = 10 ** Math.floor(Math.log10(span / 1000));
    return Number((Math.round(value / step) * step).toPrecision(12)) + 0;
  };
  return { w: round(c.w, r.wMax - r.wMin), b: round(c.b, r.bMax - r.bMin) };
}

/** Data lines, minimizers, the optimizers' paths and their start, over the heatmap. */
function HeatmapOverlay(props: { store: AppStore; model: LabModel }) {
  const lab = () => props.store.state.fit;
  const range = () => lab().range;
  const lines = createMemo(() =>
    lab().dataLines ? dataLineSegments(lab().points, lab().task, range()) : [],
  );
  const pathOf = (w: Float64Array, b: Float64Array) => {
    const steps = Math.min(w.length, props.model.shownSteps + 1);
    let d = '';
    for (let k = 0; k < steps; k++) {
      const p = unitOf(range(), w[k]!, b[k]!);
      // Far outside the box the path is clipped anyway; huge numbers would upset the SVG.
      const x = Math.min(1e4, Math.max(-1e4, p.u * 1000));
      const y = Math.min(1e4, Math.max(-1e4, (1 - p.v) * 1000));
      d += `${k === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`;
    }
    return d;
  };
  const start = () => lab().optimizer.start;
  return (
    <>
      <svg class="landscape-overlay" viewBox="0 0 1000 1000" preserveAspectRatio="none" aria-hidden="true">
        <g class="data-lines" data-testid="data-lines" data-count={lines().length}>
          <Index each={lines()}>
            {(s) => (
              <line x1={s().x1 * 1000} y1={(1 - s().y1) * 1000} x2={s().x2 * 1000} y2={(1 - s().y2) * 1000} />
            )}
          </Index>
        </g>
        <Index each={props.model.runs}>
          {(run) => (
            <Show when={trajectoryOf(run())}>
              {(t) => (
                <path
                  class="optimizer-path"
                  d={pathOf(t().w, t().b)}
                  stroke={OPTIMIZERS.find((o) => o.method === run().method)!.color}
                  data-testid={`path-${run().method}`}
                />
              )}
            </Show>
          )}
        </Index>
      </svg>
      <Index each={props.model.fits}>
        {(f) => {
          const u = () => {
            const p = fitPoint(f());
            return p ? unitOf(range(), p.w, p.b) : undefined;
          };
          const inside = () => {
            const at = u();
            return !!at && at.u >= 0 && at.u <= 1 && at.v >= 0 && at.v <= 1;
          };
          return (
            <Show when={inside()}>
              <span
                class="minimizer"
                classList={{ chosen: f().id === lab().landscapeLoss }}
                style={{ left: `${u()!.u * 100}%`, bottom: `${u()!.v * 100}%`, 'border-color': f().color }}
                title={`${f().label} minimizer`}
                data-testid={`minimizer-${f().id}`}
              />
            </Show>
          );
        }}
      </Index>
      <Show when={start()}>
        {(s) => {
          const u = () => unitOf(range(), s().w, s().b);
          return (
            <span
              class="start-marker"
              data-testid="start-marker"
              style={{ left: `${u().u * 100}%`, bottom: `${u().v * 100}%` }}
            />
          );
        }}
      </Show>
    </>
  );
}

/** Exports, the grid's size and time, and where it was computed. */
function LandscapeActions(props: { result: LandscapeGrid | undefined; onPng: () => void }) {
  return (
    <>
      <div class="actions landscape-actions">
        <button type="button" onClick={() => props.onPng()} disabled={!props.result}>
          Export PNG
        </button>
        <button
          type="button"
          onClick={() => props.result && void exportLandscapeCsv(props.result)}
          disabled={!props.result}
        >
          Export CSV
        </button>
        <Show when={props.result}>
          {(r) => (
            <span class="hint" data-testid="landscape-size">
              {r().source.nx}×{r().source.ny} grid · {formatMs(r().sweepMs)} on{' '}
              {r().computedOn === 'webgpu' ? 'the GPU' : 'the CPU'}
            </span>
          )}
        </Show>
      </div>
      <Show when={props.result?.fallback}>
        {(why) => (
          <p class="hint" data-testid="landscape-fallback">
            Landscape on the CPU: {why()}.
          </p>
        )}
      </Show>
    </>
  );
}

/** Under the cursor: (w, b), the exact total and gradient from core, and the grid's f32 value. */
function LandscapeReadout(props: {
  model: LabModel;
  result: LandscapeGrid | undefined;
  cursor: Cursor | undefined;
  /** While the data moves the grid cell is not read back (each landscape would be read for it). */
  live: boolean;
  hint?: string;
}) {
  const exact = createMemo(() => {
    const inputs = props.model.inputs;
    const c = props.cursor;
    if (!inputs || !c) return undefined;
    try {
      const spec = modelSpec(inputs);
      return { value: totalLoss(spec, c), gradient: totalGradient(spec, c) };
    } catch {
      return undefined;
    }
  });
  const cell = createMemo(() => {
    const result = props.result;
    const c = props.cursor;
    if (!result || !c || props.live) return undefined;
    const r = result.spec;
    const u = (c.w - r.w.min) / (r.w.max - r.w.min);
    const v = (c.b - r.b.min) / (r.b.max - r.b.min);
    const { i, j } = cellAt(u, 1 - v, 1, 1, result.source.nx, result.source.ny);
    return { result, index: j * result.source.nx + i };
  });
  const [gridValue] = createResource(cell, async (c) => (await c.result.values())[c.index]);
  return (
    <div class="readout" data-testid="landscape-readout" aria-live="polite">
      <Show
        when={props.cursor}
        fallback={
          <span class="hint">
            {props.hint ??
              'Hover over the landscape (or focus it and use the arrow keys) to read L and its gradient.'}
          </span>
        }
      >
        {(c) => (
          <dl>
            <dt>w</dt>
            <dd data-testid="readout-w" data-value={String(c().w)}>
              {formatNumber(c().w, 6)}
            </dd>
            <dt>b</dt>
            <dd data-testid="readout-b" data-value={String(c().b)}>
              {formatNumber(c().b, 6)}
            </dd>
            <dt>L(w, b) (f64, core)</dt>
            <dd data-testid="readout-total" data-value={String(exact()?.value)}>
              {exact() ? formatExact(exact()!.value) : '—'}
            </dd>
            <dt>∂L/∂w</dt>
            <dd data-testid="readout-dw" data-value={String(exact()?.gradient.w)}>
              {exact() ? formatExact(exact()!.gradient.w) : '—'}
            </dd>
            <dt>∂L/∂b</dt>
            <dd data-testid="readout-db" data-value={String(exact()?.gradient.b)}>
              {exact() ? formatExact(exact()!.gradient.b) : '—'}
            </dd>
            <dt>grid cell (f32)</dt>
            <dd
              data-testid="readout-cell"
              data-value={gridValue.loading || gridValue() === undefined ? '' : String(gridValue())}
            >
              {gridValue.loading || gridValue() === undefined ? '—' : formatFloat32(gridValue()!)}
            </dd>
          </dl>
        )}
      </Show>
    </div>
  );
}

/** The landscape as a lit height field, with the minimizers and the optimizers' paths on it. */
function LandscapeSurface(props: PlotProps) {
  const lab = () => props.store.state.fit;
  let canvas!: HTMLCanvasElement;
  let renderer: SurfaceRenderer | undefined;
  const [initError, setInitError] = createSignal<string | undefined>(undefined);
  const surfaceStyle = (result: LandscapeGrid) => ({ ...props.style(result).style, wireframe: false });
  const draw = (result: LandscapeGrid) => {
    if (!renderer) throw new Error(initError() ?? 'the renderer is not ready');
    renderer.draw(result.source, surfaceStyle(result));
  };
  const [camera, setCamera] = createSignal<CameraState>({ ...lab().camera });
  onMount(() => {
    try {
      renderer = createSurfaceRenderer(canvas, props.backend.device);
      renderer.camera = { ...lab().camera };
      renderer.onCameraChange((c) => {
        setCamera({ ...c });
        const round = (x: number) => Math.round(x * 1e4) / 1e4;
        const rounded = {
          yaw: round(c.yaw),
          pitch: round(c.pitch),
          distance: round(c.distance),
          targetX: round(c.targetX),
          targetY: round(c.targetY),
        };
        props.store.update((s) => ({ ...s, fit: { ...s.fit, camera: rounded } }));
      });
    } catch (error) {
      setInitError(error instanceof Error ? error.message : String(error));
    }
  });
  onCleanup(() => renderer?.destroy());
  const sweep = createLandscapeSweep(props, draw, () => canvas);
  const color = createMemo(() => {
    const result = sweep.result();
    return result ? props.style(result) : undefined;
  });
  const box = createElementSize(() => canvas);

  /** Screen position of (w, b, L) on the surface, or undefined outside the grid or behind the eye. */
  const project = createMemo(() => {
    const result = sweep.result();
    const c = color();
    const { width, height } = box();
    if (!result || !c || !(width > 0)) return undefined;
    const m = viewProjection(camera(), width / height);
    const scale = resolveScale(c.style);
    const r = lab().range;
    return (w: number, b: number, value: number) => {
      const u = unitOf(r, w, b);
      if (u.u < 0 || u.u > 1 || u.v < 0 || u.v > 1 || !Number.isFinite(value)) return undefined;
      const z = (scaleT(value, scale) - 0.5) * SURFACE_Z_EXTENT;
      const s = projectPoint(m, [-1 + 2 * u.u, -1 + 2 * u.v, z], width, height);
      return s.visible ? s : undefined;
    };
  });

  const exportPng = () => {
    const result = sweep.result();
    const c = color();
    if (!result || !c || !renderer) return;
    renderer.draw(result.source, surfaceStyle(result));
    void exportLandscapePng({ fit: lab(), model: props.model, result, color: c, canvas, surface: true });
  };

  // Picking needs the grid's values: read back only for the landscape the pointer hovers, not every one drawn.
  const [hovered, setHovered] = createSignal<LandscapeGrid | undefined>(undefined);
  const [values] = createResource(hovered, async (result) => ({ result, data: await result.values() }));
  const [cursor, setCursor] = createSignal<Cursor | undefined>(undefined);
  /** Where the pointer last hovered, to pick again once the values it waited for come back. */
  let pointer: { x: number; y: number } | undefined;
  const pick = () => {
    const result = sweep.result();
    const c = color();
    if (!result || !c || !pointer) return;
    if (hovered() !== result) setHovered(() => result);
    // (A failed readback, after a device loss, picks nothing.)
    const latest = values.state === 'errored' ? undefined : values.latest;
    // An earlier landscape's values pick as well while this one's come back, if the grid has the same size.
    const data =
      latest && latest.result.source.nx === result.source.nx && latest.result.source.ny === result.source.ny
        ? latest.data
        : undefined;
    if (!data) return;
    const rect = canvas.getBoundingClientRect();
    const at = pickSurfacePoint(
      data,
      result.source.nx,
      result.source.ny,
      resolveScale(c.style),
      camera(),
      rect.width,
      rect.height,
      { x: pointer.x - rect.left, y: pointer.y - rect.top },
    );
    setCursor(at ? { w: result.x.coords[at.i]!, b: result.y.coords[at.j]! } : undefined);
  };
  createEffect(
    on(
      () => values.state,
      (state) => {
        if (state === 'ready') untrack(pick);
      },
      { defer: true },
    ),
  );
  const onPointerMove = (event: PointerEvent) => {
    if (event.buttons !== 0) return;
    pointer = { x: event.clientX, y: event.clientY };
    pick();
  };

  return (
    <>
      <LandscapeActions result={sweep.result()} onPng={exportPng} />
      <div class="plot-frame" style={{ 'grid-template-columns': 'minmax(0, 1fr) 5.2rem' }}>
        <div
          class="plot-canvas-wrap surface-wrap"
          data-testid="landscape"
          data-frames={sweep.frames()}
          data-size={sweep.result()?.source.nx ?? 0}
          {...landscapeData(sweep.result())}
          onPointerMove={onPointerMove}
          onPointerLeave={() => {
            pointer = undefined;
            setCursor(undefined);
            setHovered(undefined);
          }}
        >
          <canvas ref={canvas} data-testid="landscape-canvas" data-backend={props.backend.info.kind} />
          <svg class="surface-paths" width={box().width} height={box().height} aria-hidden="true">
            <Index each={props.model.runs}>
              {(run) => (
                <Show when={trajectoryOf(run())}>
                  {(r) => (
                    <polyline
                      class="optimizer-path"
                      stroke={OPTIMIZERS.find((o) => o.method === run().method)!.color}
                      points={(() => {
                        const p = project();
                        if (!p) return '';
                        const t = r();
                        const steps = Math.min(t.w.length, props.model.shownSteps + 1);
                        const out: string[] = [];
                        for (let k = 0; k < steps; k++) {
                          const s = p(t.w[k]!, t.b[k]!, t.value[k]!);
                          if (s) out.push(`${s.x.toFixed(1)},${s.y.toFixed(1)}`);
                        }
                        return out.join(' ');
                      })()}
                    />
                  )}
                </Show>
              )}
            </Index>
            <Index each={props.model.fits}>
              {(f) => {
                // Drawn on this landscape's surface: at its loss's total there, not the fit's own loss.
                const s = () => {
                  const p = fitPoint(f());
                  const inputs = props.model.inputs;
                  if (!p || !inputs) return undefined;
                  let height: number;
                  try {
                    height = totalLoss(modelSpec(inputs), p);
                  } catch {
                    return undefined;
                  }
                  return project()?.(p.w, p.b, height);
                };
                return (
                  <Show when={s()}>
                    {(at) => (
                      <circle class="surface-minimizer" cx={at().x} cy={at().y} r={6} stroke={f().color} />
                    )}
                  </Show>
                );
              }}
            </Index>
          </svg>
          <PlotMessages error={initError() ?? sweep.error()} computing={!sweep.result()} />
        </div>
        <LandscapeColorbar color={color()} />
      </div>
      <p class="hint">
        Horizontal axes: w from {formatNumber(lab().range.wMin)} to {formatNumber(lab().range.wMax)}, b from{' '}
        {formatNumber(lab().range.bMin)} to {formatNumber(lab().range.bMax)}; height and colour: L. Drag to
        rotate, shift-drag to pan, scroll to zoom (with the canvas focused: arrows, + and −). Set the
        optimizers’ start on the heatmap.
      </p>
      <LandscapeReadout
        model={props.model}
        result={sweep.result()}
        cursor={cursor()}
        live={props.interacting}
        hint="Hover over the surface to read L and its gradient at a grid point."
      />
    </>
  );
}
