/** The theme in force: the user's choice, or the system's preference for "auto". */
import { type Accessor, createEffect, createSignal, onCleanup } from 'solid-js';
import type { ThemeChoice } from '../state/types';

export function createResolvedTheme(choice: Accessor<ThemeChoice>): Accessor<'light' | 'dark'> {
  const query =
    typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
  const [systemDark, setSystemDark] = createSignal(query?.matches ?? false);
  const listener = (event: MediaQueryListEvent) => setSystemDark(event.matches);
  query?.addEventListener('change', listener);
  onCleanup(() => query?.removeEventListener('change', listener));
  const resolved = () => {
    const c = choice();
    return c === 'auto' ? (systemDark() ? 'dark' : 'light') : c;
  };
  createEffect(() => {
    document.documentElement.dataset.theme = resolved();
  });
  return resolved;
}
