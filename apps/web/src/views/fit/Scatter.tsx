/**
 * The dataset as a scatter plot with each loss's fit drawn over it (a line,
 * or σ(w·x + b) for classification). Drag a point to move it, click empty
 * space to add one; with the plot focused, N / P choose a point, the arrow
 * keys move it, Delete removes it and A adds one in the middle. Moves are
 * applied at most once per animation frame, and the axes hold still while a
 * drag lasts.
 */
import { createMemo, createSignal, For, Index, onCleanup, Show } from 'solid-js';
import { Axis } from '../../components/Axis';
import { predict } from '../../fit/compute';
import type { FitPoint } from '../../fit/dataset';
import type { FitTask } from '../../fit/presets';
import { createElementSize } from '../../lib/element-size';
import { formatNumber } from '../../lib/format';

export interface DrawnFit {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly w: number;
  readonly b: number;
}

export interface ScatterRange {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** The data's box with a margin; classification's y axis is the labels' [0, 1] with room around it. */
export function scatterRange(points: readonly FitPoint[], task: FitTask): ScatterRange {
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    yMin = Math.min(yMin, p.y);
    yMax = Math.max(yMax, p.y);
  }
  if (!(xMax > xMin)) {
    xMin = (Number.isFinite(xMin) ? xMin : 0) - 1;
    xMax = xMin + 2;
  }
  const padX = 0.08 * (xMax - xMin);
  if (task === 'classification') return { xMin: xMin - padX, xMax: xMax + padX, yMin: -0.2, yMax: 1.2 };
  if (!(yMax > yMin)) {
    yMin = (Number.isFinite(yMin) ? yMin : 0) - 1;
    yMax = yMin + 2;
  }
  const padY = 0.1 * (yMax - yMin);
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}

/** A coordinate rounded to about a thousandth of the axis: short links, no false precision. */
export function tidyCoordinate(value: number, span: number): number {
  const step = 10 ** Math.floor(Math.log10(span / 1000));
  return Number((Math.round(value / step) * step).toPrecision(12)) + 0;
}

/** Classification points are drawn a little off their label, spread by index, so stacks stay visible. */
const jitter = (index: number) => (((index * 7919) % 13) / 12 - 0.5) * 0.12;

export function Scatter(props: {
  readonly task: FitTask;
  readonly points: readonly FitPoint[];
  readonly fits: readonly DrawnFit[];
  readonly selected: number | undefined;
  readonly onSelect: (index: number | undefined) => void;
  readonly onMove: (index: number, to: { x: number; y: number }) => void;
  readonly onAdd: (at: { x: number; y: number }) => void;
  readonly onRemove: (index: number) => void;
}) {
  let wrap!: HTMLDivElement;
  const size = createElementSize(() => wrap, { width: 400, height: 300 });

  // The axes follow the data, except during a drag.
  const [frozen, setFrozen] = createSignal<ScatterRange | undefined>(undefined);
  const range = createMemo(() => frozen() ?? scatterRange(props.points, props.task));
  const toPx = (x: number, y: number) => {
    const r = range();
    const { width, height } = size();
    return {
      px: ((x - r.xMin) / (r.xMax - r.xMin)) * width,
      py: (1 - (y - r.yMin) / (r.yMax - r.yMin)) * height,
    };
  };
  const fromPx = (px: number, py: number) => {
    const r = range();
    const { width, height } = size();
    return {
      x: tidyCoordinate(r.xMin + (px / width) * (r.xMax - r.xMin), r.xMax - r.xMin),
      y: tidyCoordinate(r.yMax - (py / height) * (r.yMax - r.yMin), r.yMax - r.yMin),
    };
  };
  const displayY = (p: FitPoint, i: number) => (props.task === 'classification' ? p.y + jitter(i) : p.y);

  // Pointer: a press on a point drags it; a press and release elsewhere adds a point.
  let drag: { index: number; pointer: number } | undefined;
  let press: { x: number; y: number } | undefined;
  let pendingMove: { index: number; to: { x: number; y: number } } | undefined;
  let frame = 0;
  const flush = () => {
    frame = 0;
    if (pendingMove) props.onMove(pendingMove.index, pendingMove.to);
    pendingMove = undefined;
  };
  onCleanup(() => cancelAnimationFrame(frame));
  /** The plot's box, measured once per drag (measuring forces a layout of the whole page). */
  let dragBox: DOMRect | undefined;
  const local = (event: PointerEvent) => {
    const box = dragBox ?? wrap.getBoundingClientRect();
    return { px: event.clientX - box.left, py: event.clientY - box.top };
  };
  const nearest = (px: number, py: number): number | undefined => {
    let best: number | undefined;
    let bestDistance = 12 ** 2;
    props.points.forEach((p, i) => {
      const at = toPx(p.x, displayY(p, i));
      const d = (at.px - px) ** 2 + (at.py - py) ** 2;
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return best;
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const { px, py } = local(event);
    const index = nearest(px, py);
    if (index !== undefined) {
      event.preventDefault();
      drag = { index, pointer: event.pointerId };
      dragBox = wrap.getBoundingClientRect();
      try {
        wrap.setPointerCapture(event.pointerId);
      } catch {
        // A pointer the browser does not track (a synthetic event): the drag works without capture.
      }
      setFrozen(range());
      props.onSelect(index);
    } else press = { x: px, y: py };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const { px, py } = local(event);
    pendingMove = { index: drag.index, to: fromPx(px, py) };
    if (!frame) frame = requestAnimationFrame(flush);
  };
  const endDrag = () => {
    if (frame) {
      cancelAnimationFrame(frame);
      flush();
    }
    drag = undefined;
    dragBox = undefined;
    setFrozen(undefined);
  };
  const onPointerUp = (event: PointerEvent) => {
    if (drag) {
      onPointerMove(event);
      endDrag();
      return;
    }
    if (!press) return;
    const { px, py } = local(event);
    const moved = Math.hypot(px - press.x, py - press.y);
    press = undefined;
    if (moved < 5 && px >= 0 && py >= 0 && px <= size().width && py <= size().height) {
      props.onAdd(fromPx(px, py));
      props.onSelect(props.points.length);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const n = props.points.length;
    const current = props.selected;
    const r = range();
    const stepX = ((r.xMax - r.xMin) / 100) * (event.shiftKey ? 10 : 1);
    const stepY = ((r.yMax - r.yMin) / 100) * (event.shiftKey ? 10 : 1);
    const key = event.key;
    if (key === 'n' || key === 'N' || key === 'p' || key === 'P') {
      event.preventDefault();
      const forward = key === 'n' || key === 'N';
      const next = current === undefined ? (forward ? 0 : n - 1) : (current + (forward ? 1 : n - 1)) % n;
      props.onSelect(next);
      return;
    }
    if (key === 'a' || key === 'A') {
      event.preventDefault();
      props.onAdd(fromPx(size().width / 2, size().height / 2));
      props.onSelect(n);
      return;
    }
    if (key === 'Escape') {
      props.onSelect(undefined);
      return;
    }
    if (current === undefined || current >= n) return;
    const p = props.points[current]!;
    if (key === 'Delete' || key === 'Backspace') {
      event.preventDefault();
      props.onRemove(current);
      props.onSelect(n > 1 ? Math.min(current, n - 2) : undefined);
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-stepX, 0],
      ArrowRight: [stepX, 0],
      // Classification: up and down flip the label.
      ArrowUp: [0, props.task === 'classification' ? 1 : stepY],
      ArrowDown: [0, props.task === 'classification' ? -1 : -stepY],
    };
    const move = moves[key];
    if (!move) return;
    event.preventDefault();
    props.onMove(current, {
      x: tidyCoordinate(p.x + move[0], r.xMax - r.xMin),
      y:
        props.task === 'classification'
          ? Math.min(1, Math.max(0, p.y + move[1]))
          : tidyCoordinate(p.y + move[1], r.yMax - r.yMin),
    });
  };

  const fitPath = (fit: DrawnFit) => {
    const r = range();
    if (props.task === 'regression') {
      const a = toPx(r.xMin, predict('regression', fit, r.xMin));
      const b = toPx(r.xMax, predict('regression', fit, r.xMax));
      return `M${a.px},${a.py}L${b.px},${b.py}`;
    }
    const samples = 160;
    let d = '';
    for (let k = 0; k <= samples; k++) {
      const x = r.xMin + ((r.xMax - r.xMin) * k) / samples;
      const at = toPx(x, predict('classification', fit, x));
      d += `${k === 0 ? 'M' : 'L'}${at.px.toFixed(1)},${at.py.toFixed(1)}`;
    }
    return d;
  };
  const selectedPoint = () => (props.selected === undefined ? undefined : props.points[props.selected]);

  return (
    <div class="scatter">
      <div class="plot-frame scatter-frame">
        <Axis
          orientation="y"
          min={range().yMin}
          max={range().yMax}
          scale="linear"
          label={props.task === 'classification' ? 'y (label 0 or 1)' : 'y'}
        />
        <div
          ref={wrap}
          class="plot-canvas-wrap scatter-wrap"
          data-testid="scatter"
          data-n={props.points.length}
          data-points={JSON.stringify(props.points.map((p) => [p.x, p.y, p.weight ?? 1]))}
          tabindex="0"
          role="application"
          aria-roledescription="scatter plot"
          aria-label={`Data: ${props.points.length} points. Drag a point to move it; click empty space to add one. Keys: N and P choose a point, arrows move it (shift: faster), Delete removes it, A adds one.`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={endDrag}
          onKeyDown={onKeyDown}
        >
          <svg
            class="scatter-svg"
            width={size().width}
            height={size().height}
            viewBox={`0 0 ${size().width} ${size().height}`}
            aria-hidden="true"
          >
            <Show when={props.task === 'classification'}>
              <For each={[0, 1]}>
                {(label) => (
                  <line
                    class="scatter-guide"
                    x1={0}
                    x2={size().width}
                    y1={toPx(0, label).py}
                    y2={toPx(0, label).py}
                  />
                )}
              </For>
            </Show>
            <Index each={props.fits}>
              {(line) => (
                <path
                  class="fit-line"
                  d={fitPath(line())}
                  stroke={line().color}
                  data-testid={`fit-line-${line().id}`}
                />
              )}
            </Index>
            <For each={props.points}>
              {(p, i) => (
                <circle
                  class="scatter-point"
                  classList={{ selected: props.selected === i(), weighted: (p.weight ?? 1) !== 1 }}
                  cx={toPx(p.x, displayY(p, i())).px}
                  cy={toPx(p.x, displayY(p, i())).py}
                  r={props.selected === i() ? 6.5 : 4.5}
                  data-testid="point"
                  data-index={i()}
                />
              )}
            </For>
          </svg>
        </div>
        <div />
        <Axis orientation="x" min={range().xMin} max={range().xMax} scale="linear" label="x" />
      </div>
      <p class="hint scatter-status" aria-live="polite" data-testid="selected-point">
        <Show when={selectedPoint()} fallback="No point chosen (drag one, or press N with the plot focused).">
          {(p) => (
            <>
              Point {props.selected! + 1} of {props.points.length}: x = {formatNumber(p().x, 5)}, y ={' '}
              {formatNumber(p().y, 5)}
              {(p().weight ?? 1) !== 1 ? `, weight ${formatNumber(p().weight!, 4)}` : ''}.
            </>
          )}
        </Show>
      </p>
    </div>
  );
}
