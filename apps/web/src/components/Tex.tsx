/** A TeX formula typeset by KaTeX (from the catalog, never from user input). */
import katex from 'katex';
import { createEffect } from 'solid-js';

export function Tex(props: { readonly tex: string; readonly display?: boolean }) {
  let element!: HTMLSpanElement;
  createEffect(() => {
    // KaTeX builds the DOM itself; with throwOnError off, bad TeX shows in red instead of throwing.
    katex.render(props.tex, element, {
      throwOnError: false,
      displayMode: props.display ?? false,
      output: 'htmlAndMathml',
    });
  });
  return <span ref={element} class="tex" />;
}
