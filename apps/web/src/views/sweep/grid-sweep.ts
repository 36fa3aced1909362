/**
 * A Solid primitive that keeps a grid sweep in step with the state: every
 * change of the spec requests a sweep; requests are coalesced to one per
 * animation frame and one in flight (LatestRunner); each result is drawn,
 * then the previous one's GPU buffer is freed.
 */
import type { SweepSpec } from '@losslab/core';
import { type Accessor, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js';
import { LatestRunner } from '../../compute/latest-runner';
import { recordFrame } from '../../compute/perf-log';
import type { ComputeBackend, GridResult } from '../../compute/types';

export interface GridSweep<S = SweepSpec, R extends GridResult<S> = GridResult<S>> {
  readonly result: Accessor<R | undefined>;
  readonly error: Accessor<string | undefined>;
  /** How many results have been drawn (tests wait on it). */
  readonly frames: Accessor<number>;
}

export function createGridSweep<S = SweepSpec, R extends GridResult<S> = GridResult<S>>(options: {
  readonly backend: ComputeBackend;
  readonly view: string;
  readonly spec: Accessor<S | undefined>;
  /** Computes a grid; the backend's sweep by default (for SweepSpecs). */
  readonly run?: (spec: S) => Promise<R>;
  /** Draws a result; throws if it cannot. */
  readonly draw: (result: R) => void;
  /** Style inputs (colours, contours…): the current result is redrawn when they change, without a new sweep. */
  readonly redrawOn?: Accessor<unknown>;
  /** The element whose size the drawing follows: redrawn when it resizes. */
  readonly resizes?: () => Element | undefined;
}): GridSweep<S, R> {
  const [result, setResult] = createSignal<R | undefined>(undefined);
  const [error, setError] = createSignal<string | undefined>(undefined);
  const [frames, setFrames] = createSignal(0);
  let current: R | undefined;
  let disposed = false;
  const compute =
    options.run ?? ((spec: S) => options.backend.sweep(spec as SweepSpec) as unknown as Promise<R>);

  const runner = new LatestRunner<S, R>({
    run: async (spec) => {
      const next = await compute(spec);
      if (disposed) {
        next.release();
        throw new Error('view closed');
      }
      return next;
    },
    done: (next, _spec, startedAt) => {
      try {
        options.draw(next);
      } catch (drawError) {
        next.release();
        setError(`Could not draw: ${drawError instanceof Error ? drawError.message : String(drawError)}`);
        return;
      }
      const previous = current;
      current = next;
      setResult(() => next);
      setError(undefined);
      setFrames((n) => n + 1);
      previous?.release();
      const finish = () =>
        recordFrame({
          view: options.view,
          backend: options.backend.info.kind,
          sweepMs: next.sweepMs,
          frameMs: performance.now() - startedAt,
          at: performance.now(),
        });
      const device = options.backend.device;
      if (device) device.queue.onSubmittedWorkDone().then(finish, () => {});
      else finish();
    },
    failed: (failure) => {
      if (disposed) return;
      setError(failure instanceof Error ? failure.message : String(failure));
    },
  });

  createEffect(
    on(options.spec, (spec) => {
      if (spec) runner.request(spec);
    }),
  );

  const redraw = (): void => {
    const shown = result();
    if (!shown) return;
    try {
      options.draw(shown);
    } catch (drawError) {
      setError(`Could not draw: ${drawError instanceof Error ? drawError.message : String(drawError)}`);
    }
  };
  if (options.redrawOn) createEffect(on(options.redrawOn, redraw, { defer: true }));
  onMount(() => {
    const element = options.resizes?.();
    if (!element) return;
    const observer = new ResizeObserver(redraw);
    observer.observe(element);
    onCleanup(() => observer.disconnect());
  });
  onCleanup(() => {
    disposed = true;
    runner.stop();
    current?.release();
    current = undefined;
  });
  return { result, error, frames };
}
