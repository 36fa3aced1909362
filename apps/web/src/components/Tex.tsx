/**
 * A TeX formula typeset by KaTeX. The TeX comes from core: the catalog's, or
 * generated from a custom formula's tree (numbers and escaped variable
 * symbols), never the user's text. KaTeX's `trust` stays off (no \href,
 * \url or HTML), and errors show in red instead of throwing.
 */
import katex from 'katex';
import { createEffect } from 'solid-js';

export function Tex(props: { readonly tex: string; readonly display?: boolean }) {
  let element!: HTMLSpanElement;
  createEffect(() => {
    // KaTeX builds the DOM itself; with throwOnError off, bad TeX shows in red instead of throwing.
    katex.render(props.tex, element, {
      throwOnError: false,
      trust: false,
      displayMode: props.display ?? false,
      output: 'htmlAndMathml',
    });
  });
  return <span ref={element} class="tex" />;
}
