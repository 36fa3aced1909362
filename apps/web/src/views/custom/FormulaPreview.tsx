/**
 * The live preview of a formula: its TeX as typed (KaTeX), the stabilising
 * rewrites core applied (each identity, and where in this formula), and the
 * formula it computes after them.
 */
import { type ParsedFormula, printFormula, toTex } from '@losslab/core';
import { For, Show } from 'solid-js';
import { Tex } from '../../components/Tex';

/** A rewrite's side in formula syntax (conditions and folded booleans have no formula of their own). */
function printRewrite(side: unknown): string {
  if (typeof side !== 'object' || side === null || !('kind' in side)) return String(side);
  const kind = (side as { kind: string }).kind;
  if (kind === 'const' || kind === 'var' || kind === 'call' || kind === 'select' || kind === 'withGrad') {
    try {
      return printFormula(side as Parameters<typeof printFormula>[0], { maxLength: 80 });
    } catch {
      return '';
    }
  }
  return '';
}

export function FormulaPreview(props: { parsed: ParsedFormula | undefined }) {
  return (
    <div class="custom-preview" data-testid="custom-preview">
      <Show
        when={props.parsed}
        fallback={<span class="hint">The preview appears when the formula parses.</span>}
      >
        {(p) => (
          <>
            <div class="info-formula">
              {/* What was typed; the line below says what is computed (after the rewrites). */}
              <Tex tex={toTex(p().typed)} display />
            </div>
            <Show when={p().rewrites.length > 0}>
              <div data-testid="custom-rewrites">
                <h3>Rewritten for exactness</h3>
                <ul>
                  <For each={p().rewrites}>
                    {(rewrite) => (
                      <li>
                        <span>{rewrite.description}</span>
                        <Show when={printRewrite(rewrite.before) && printRewrite(rewrite.after)}>
                          {' '}
                          <span class="hint">
                            (here <code>{printRewrite(rewrite.before)}</code> →{' '}
                            <code>{printRewrite(rewrite.after)}</code>)
                          </span>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Show>
            <p class="hint" data-testid="custom-normalized">
              Computed as <code>{p().normalized}</code>
              {p().rewrites.length === 0 ? ' (no rewrites were needed).' : '.'}
            </p>
          </>
        )}
      </Show>
    </div>
  );
}
