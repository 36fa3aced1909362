/**
 * The app's store: the state parsed from the URL, transitions applied with
 * fine-grained diffing (a slider touches one leaf, not the whole tree), and
 * the URL kept in step without flooding the history API while dragging.
 */
import { createEffect, createSignal, onCleanup } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { Draft } from '../custom-loss/draft';
import type { AppState } from './types.js';
import { parseState, serializeState } from './url.js';

export interface AppStore {
  readonly state: AppState;
  /** Applies a transition (a pure function of the state). */
  update(transition: (state: AppState) => AppState): void;
  /** Notices about the URL the app opened with (and later ones the app adds). */
  readonly notices: () => readonly string[];
  addNotice(text: string): void;
  dismissNotices(): void;
  /**
   * The "Your loss" editor's draft: kept while the user visits other views,
   * never in the URL (a link carries the losses added, not a half-typed one).
   */
  readonly draft: () => Draft | undefined;
  setDraft(draft: Draft | undefined): void;
}

/** Browsers throttle replaceState (Chrome: ~100 per 10 s); during drags write at most this often. */
const URL_WRITE_INTERVAL_MS = 250;

export function createAppStore(search: string): AppStore {
  const parsed = parseState(search);
  const [state, setState] = createStore<AppState>(structuredClone(parsed.state));
  const [notices, setNotices] = createSignal<readonly string[]>(parsed.notices);
  const [draft, setDraft] = createSignal<Draft | undefined>(undefined);

  return {
    state,
    update(transition) {
      const current = unwrap(state);
      const next = transition(current);
      // A copy, so the store never shares objects with the transition's input.
      if (next !== current) setState(reconcile(structuredClone(next), { merge: true }));
    },
    notices,
    addNotice: (text) => setNotices((list) => (list.includes(text) ? list : [...list, text])),
    dismissNotices: () => setNotices([]),
    draft,
    setDraft: (next) => setDraft(next),
  };
}

/** Mirrors the state into the address bar (replaceState, throttled). */
export function syncUrl(store: AppStore): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: string | undefined;
  let lastWrite = 0;
  const write = () => {
    timer = undefined;
    if (pending === undefined) return;
    const query = `?${pending}`;
    pending = undefined;
    lastWrite = performance.now();
    if (window.location.search !== query) {
      window.history.replaceState(null, '', `${window.location.pathname}${query}${window.location.hash}`);
    }
  };
  createEffect(() => {
    pending = serializeState(store.state);
    if (timer !== undefined) return;
    const wait = Math.max(0, URL_WRITE_INTERVAL_MS - (performance.now() - lastWrite));
    timer = setTimeout(write, wait);
  });
  onCleanup(() => {
    if (timer !== undefined) clearTimeout(timer);
    write();
  });
}
