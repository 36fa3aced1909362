/** An element's CSS size as a signal, measured on mount and whenever it resizes. */
import { type Accessor, createSignal, onCleanup, onMount } from 'solid-js';

export interface ElementSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The size of `element()` (read on mount: pass the ref's getter). A zero
 * width or height (not laid out yet) reads as the fallback's.
 */
export function createElementSize(
  element: () => HTMLElement,
  fallback: ElementSize = { width: 0, height: 0 },
): Accessor<ElementSize> {
  const [size, setSize] = createSignal(fallback);
  onMount(() => {
    const el = element();
    const measure = () =>
      setSize({ width: el.clientWidth || fallback.width, height: el.clientHeight || fallback.height });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    onCleanup(() => observer.disconnect());
  });
  return size;
}
