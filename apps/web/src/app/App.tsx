/** The app shell: header with views and status, URL notices, and the active view. */
import { createEffect, For, Match, on, onCleanup, Switch } from 'solid-js';
import { createBackendController } from '../compute/backend';
import { setView } from '../state/actions';
import { type AppStore, syncUrl } from '../state/store';
import { VIEW_LABELS, VIEWS } from '../state/types';
import { CompareView } from '../views/CompareView';
import { CurvesView } from '../views/CurvesView';
import { CustomView } from '../views/CustomView';
import { FitLabView } from '../views/FitLabView';
import { HeatmapView } from '../views/HeatmapView';
import { InfoView } from '../views/InfoView';
import { PracticeView } from '../views/PracticeView';
import { SurfaceView } from '../views/SurfaceView';
import { Notices } from './Notices';
import { StatusBar } from './StatusBar';
import { createResolvedTheme } from './theme';

export function App(props: { store: AppStore }) {
  const store = props.store;
  const state = () => store.state;
  syncUrl(store);
  const theme = createResolvedTheme(() => state().theme);
  const controller = createBackendController(state().forceCpu);
  createEffect(() => controller.setForceCpu(state().forceCpu));
  onCleanup(() => controller.dispose());
  // A new view starts at its top: the browser would keep the old scroll offset, and after a long
  // page (Compare's table) that lands at the bottom of the new one.
  createEffect(
    on(
      () => state().view,
      () => window.scrollTo(0, 0),
      { defer: true },
    ),
  );

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to the view
      </a>
      <header class="app-header">
        <h1 class="brand">
          losslab<small>see loss functions</small>
        </h1>
        <nav aria-label="Views">
          <ul class="view-tabs">
            <For each={VIEWS}>
              {(view) => (
                <li>
                  <button
                    type="button"
                    data-view={view}
                    aria-current={state().view === view ? 'page' : undefined}
                    onClick={() => store.update((s) => setView(s, view))}
                  >
                    {VIEW_LABELS[view]}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <StatusBar
          store={store}
          backend={controller.backend()}
          f64Note={controller.f64Note()}
          onRetryGpu={() => controller.retryGpu()}
        />
      </header>
      <Notices notices={store.notices()} onDismiss={() => store.dismissNotices()} />
      <main id="main" tabindex="-1" data-view={state().view}>
        <Switch>
          <Match when={state().view === 'curves'}>
            <CurvesView store={store} theme={theme()} />
          </Match>
          <Match when={state().view === 'heatmap'}>
            <HeatmapView store={store} backend={controller.backend()} />
          </Match>
          <Match when={state().view === 'surface'}>
            <SurfaceView store={store} backend={controller.backend()} />
          </Match>
          <Match when={state().view === 'compare'}>
            <CompareView store={store} />
          </Match>
          <Match when={state().view === 'info'}>
            <InfoView store={store} />
          </Match>
          <Match when={state().view === 'custom'}>
            <CustomView store={store} />
          </Match>
          <Match when={state().view === 'fit'}>
            <FitLabView store={store} backend={controller.backend()} />
          </Match>
          <Match when={state().view === 'practice'}>
            <PracticeView store={store} />
          </Match>
        </Switch>
      </main>
    </>
  );
}
