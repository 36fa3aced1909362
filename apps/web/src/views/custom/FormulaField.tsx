/**
 * The formula field: a textarea over a backdrop that repeats its text with
 * the offending part underlined (core's FormulaError position and length),
 * so the error shows where it is while the user types. The backdrop is
 * text nodes only (Solid escapes them), never markup from the formula.
 */
import { createMemo, Show } from 'solid-js';

export interface FormulaMark {
  readonly position: number;
  /** 0 at the end of the text (something is missing there). */
  readonly length: number;
}

/** The formula cut around the mark: before, the marked text (a space when it is empty), after. */
export function splitAtMark(text: string, mark: FormulaMark): [string, string, string] {
  const start = Math.max(0, Math.min(text.length, mark.position));
  const end = Math.max(start, Math.min(text.length, start + mark.length));
  const marked = text.slice(start, end);
  return [text.slice(0, start), marked === '' ? ' ' : marked, text.slice(end)];
}

export function FormulaField(props: {
  readonly id: string;
  readonly value: string;
  readonly mark: FormulaMark | undefined;
  /** The id of the element that says what is wrong (aria-describedby). */
  readonly describedBy: string;
  readonly onInput: (text: string) => void;
}) {
  let backdrop!: HTMLDivElement;
  const parts = createMemo(() => (props.mark ? splitAtMark(props.value, props.mark) : undefined));
  return (
    <div class="formula-field">
      <div class="formula-backdrop" ref={backdrop} aria-hidden="true">
        <Show when={parts()} fallback={props.value}>
          {(p) => (
            <>
              {p()[0]}
              <mark data-testid="formula-mark">{p()[1]}</mark>
              {p()[2]}
            </>
          )}
        </Show>
        {/* A trailing newline in a textarea makes a line; the backdrop needs a character to match it. */}
        {'\u200b'}
      </div>
      <textarea
        id={props.id}
        class="formula-input"
        rows={3}
        spellcheck={false}
        autocomplete="off"
        autocapitalize="off"
        value={props.value}
        aria-invalid={props.mark !== undefined}
        aria-describedby={props.describedBy}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onScroll={(e) => {
          backdrop.scrollTop = e.currentTarget.scrollTop;
          backdrop.scrollLeft = e.currentTarget.scrollLeft;
        }}
      />
    </div>
  );
}
