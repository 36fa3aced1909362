/** The header's status: which compute path is active and why, timings, and the switches that change them. */
import { Show } from 'solid-js';
import { lastFrame } from '../compute/perf-log';
import type { ComputeBackend } from '../compute/types';
import { formatMs } from '../lib/format';
import type { AppStore } from '../state/store';
import { THEMES } from '../state/types';

export function StatusBar(props: {
  store: AppStore;
  backend: ComputeBackend | undefined;
  /** Set while the GPU is active but the shown view needed f64 and ran on the CPU. */
  f64Note?: string | undefined;
  onRetryGpu: () => void;
}) {
  const state = () => props.store.state;
  return (
    <div class="header-status">
      <Show
        when={props.backend}
        fallback={
          <span class="badge" data-testid="backend-badge" data-kind="starting">
            Starting…
          </span>
        }
      >
        {(backend) => (
          <>
            <span
              class="badge"
              data-testid="backend-badge"
              data-kind={props.f64Note ? 'cpu' : backend().info.kind}
              data-fallback={props.f64Note ? 'f64' : undefined}
              title={props.f64Note ?? backend().info.reason}
            >
              {props.f64Note ? 'CPU · f64 for this range' : backend().info.label}
            </span>
            <span class="badge-reason" data-testid="backend-reason">
              {props.f64Note ?? backend().info.reason}
            </span>
            <Show when={backend().info.kind === 'cpu' && !state().forceCpu}>
              <button type="button" onClick={() => props.onRetryGpu()}>
                Retry GPU
              </button>
            </Show>
          </>
        )}
      </Show>
      <span class="timings" data-testid="timings" aria-live="off">
        sweep {formatMs(lastFrame()?.sweepMs)} · frame {formatMs(lastFrame()?.frameMs)}
      </span>
      <label class="switch">
        <input
          type="checkbox"
          data-testid="force-cpu"
          checked={state().forceCpu}
          onChange={(e) => {
            const force = e.currentTarget.checked;
            props.store.update((s) => ({ ...s, forceCpu: force }));
          }}
        />
        Force CPU
      </label>
      <label class="switch">
        Theme
        <select
          value={state().theme}
          onChange={(e) => {
            const theme = THEMES.find((t) => t === e.currentTarget.value);
            if (theme) props.store.update((s) => ({ ...s, theme }));
          }}
        >
          <option value="auto">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
    </div>
  );
}
