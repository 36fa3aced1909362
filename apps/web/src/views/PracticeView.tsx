/**
 * The Practice view: questions whose answers @losslab/core computes live.
 * Each has numbers from a seed (the URL keeps it; "New numbers" draws
 * another), inputs checked within a stated tolerance, a worked answer once
 * the user has tried, and a link to the Curves or Heatmap state that shows it.
 */
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { formatNumber } from '../lib/format';
import { findQuestion, QUESTIONS, TOPIC_LABELS } from '../practice';
import { describeTolerance, parseAnswer, withinTolerance } from '../practice/check';
import { freshSeed } from '../practice/random';
import { applyShowMe } from '../practice/show-me';
import type { AnswerPart } from '../practice/types';
import { setPracticeQuestion, setPracticeSeed } from '../state/actions';
import type { AppStore } from '../state/store';
import { serializeState } from '../state/url';

type Verdict = 'right' | 'wrong' | 'unreadable' | 'missing';

const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  right: '✓ Right',
  wrong: '✗ Not yet',
  unreadable: 'Type a number, such as 1.25, −0.4, 2e-3 or 3/4',
  missing: 'Choose one',
};

/** An answer within tolerance; how far off, in words, for the worked answer. */
function judge(part: AnswerPart, typed: string | undefined): Verdict {
  if (part.kind === 'choice') {
    if (typed === undefined || typed === '') return 'missing';
    return Number(typed) === part.correct ? 'right' : 'wrong';
  }
  const value = parseAnswer(typed ?? '');
  if (value === undefined) return 'unreadable';
  return withinTolerance(value, part.value, part.tolerance) ? 'right' : 'wrong';
}

function exactText(part: AnswerPart): string {
  return part.kind === 'number' ? formatNumber(part.value, 8) : part.options[part.correct]!;
}

export function PracticeView(props: { store: AppStore }) {
  const practice = () => props.store.state.practice;
  const question = createMemo(() => findQuestion(practice().question) ?? QUESTIONS[0]!);
  const variant = createMemo(() => question().make(practice().seed));
  const [typed, setTyped] = createSignal<Readonly<Record<string, string>>>({});
  const [verdicts, setVerdicts] = createSignal<Readonly<Record<string, Verdict>> | undefined>(undefined);
  // A new question or new numbers start a fresh attempt.
  createEffect(
    on(variant, () => {
      setTyped({});
      setVerdicts(undefined);
    }),
  );
  const tried = () => verdicts() !== undefined;
  const rightCount = () => Object.values(verdicts() ?? {}).filter((v) => v === 'right').length;
  // The link's target, for its href (a click applies the same transition to the store).
  const showMeState = createMemo(() => applyShowMe(props.store.state, variant().showMe));
  const topics = (Object.keys(TOPIC_LABELS) as (keyof typeof TOPIC_LABELS)[]).map((topic) => ({
    topic,
    questions: QUESTIONS.filter((q) => q.topic === topic),
  }));
  const tolerances = createMemo(() => [
    ...new Set(
      variant()
        .parts.filter((p) => p.kind === 'number')
        .map((p) => describeTolerance(p.tolerance)),
    ),
  ]);

  const check = (event: Event) => {
    event.preventDefault();
    const answers = typed();
    setVerdicts(Object.fromEntries(variant().parts.map((part) => [part.id, judge(part, answers[part.id])])));
  };
  const type = (id: string, text: string) => setTyped((t) => ({ ...t, [id]: text }));

  return (
    <div class="view">
      <nav class="controls practice-list" aria-label="Practice questions">
        <For each={topics}>
          {(group) => (
            <section aria-labelledby={`practice-topic-${group.topic}`}>
              <h2 id={`practice-topic-${group.topic}`}>{TOPIC_LABELS[group.topic]}</h2>
              <ul>
                <For each={group.questions}>
                  {(q) => (
                    <li>
                      <button
                        type="button"
                        class="link-button"
                        data-question={q.id}
                        aria-current={q.id === question().id ? 'true' : undefined}
                        onClick={() => props.store.update((s) => setPracticeQuestion(s, q.id))}
                      >
                        {q.title}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </nav>
      <section class="plot-panel practice-panel" aria-labelledby="practice-title" data-testid="practice">
        <h2 id="practice-title" class="plot-title">
          {question().title}
        </h2>
        <p class="practice-prompt" data-testid="practice-prompt">
          {variant().prompt}
        </p>
        <form class="practice-form" onSubmit={check} noValidate>
          <For each={variant().parts}>
            {(part) => {
              const id = `practice-${part.id}`;
              const verdict = () => verdicts()?.[part.id];
              const feedback = () => (
                <Show when={verdict()}>
                  {(v) => (
                    <span
                      id={`${id}-feedback`}
                      class={`verdict ${v()}`}
                      data-testid={`feedback-${part.id}`}
                      data-verdict={v()}
                    >
                      {VERDICT_TEXT[v()]}
                    </span>
                  )}
                </Show>
              );
              return (
                <Switch>
                  <Match when={part.kind === 'number'}>
                    <div class="field practice-answer">
                      <label for={id}>{part.label}</label>
                      <div class="field-row">
                        <input
                          id={id}
                          type="text"
                          inputmode="decimal"
                          autocomplete="off"
                          data-testid={`answer-${part.id}`}
                          value={typed()[part.id] ?? ''}
                          aria-invalid={verdict() !== undefined && verdict() !== 'right' ? 'true' : undefined}
                          aria-describedby={verdict() ? `${id}-feedback` : undefined}
                          onInput={(e) => type(part.id, e.currentTarget.value)}
                        />
                        {feedback()}
                      </div>
                    </div>
                  </Match>
                  <Match when={part.kind === 'choice' && part}>
                    {(choice) => (
                      <fieldset
                        class="practice-choice"
                        aria-describedby={verdict() ? `${id}-feedback` : undefined}
                      >
                        <legend>{choice().label}</legend>
                        <For each={choice().options}>
                          {(option, k) => (
                            <label class="checkbox">
                              <input
                                type="radio"
                                name={id}
                                value={String(k())}
                                data-testid={`answer-${part.id}-${k()}`}
                                checked={typed()[part.id] === String(k())}
                                onChange={() => type(part.id, String(k()))}
                              />
                              {option}
                            </label>
                          )}
                        </For>
                        {feedback()}
                      </fieldset>
                    )}
                  </Match>
                </Switch>
              );
            }}
          </For>
          <p class="hint" data-testid="practice-tolerance">
            Numbers count when they are {tolerances().join('; ')}. Natural logarithms throughout.
          </p>
          <div class="actions">
            <button type="submit" class="primary" data-testid="practice-check">
              Check
            </button>
            <button
              type="button"
              data-testid="practice-new"
              onClick={() => props.store.update((s) => setPracticeSeed(s, freshSeed()))}
            >
              New numbers
            </button>
            <a
              class="button-link"
              data-testid="show-me"
              href={`?${serializeState(showMeState())}`}
              onClick={(event) => {
                // A plain click switches views in place; modified clicks open the link as links do.
                if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
                  return;
                event.preventDefault();
                const show = variant().showMe;
                props.store.update((s) => applyShowMe(s, show));
                document.getElementById('main')?.focus({ preventScroll: true });
              }}
            >
              Show me in {variant().showMe.view === 'curves' ? 'Curves' : 'Heatmap'}: {variant().showMe.label}
            </a>
          </div>
        </form>
        <p class="practice-status" role="status" data-testid="practice-result">
          <Show when={tried()}>
            {rightCount()} of {variant().parts.length} right.{' '}
            {rightCount() === variant().parts.length ? 'Well done.' : 'The worked answer is below.'}
          </Show>
        </p>
        <Show when={tried()}>
          <section
            class="practice-worked"
            aria-labelledby="practice-worked-title"
            data-testid="practice-worked"
          >
            <h3 id="practice-worked-title">Worked answer</h3>
            <ol>
              <For each={variant().worked}>{(step) => <li>{step}</li>}</For>
            </ol>
            <dl>
              <For each={variant().parts}>
                {(part) => (
                  <>
                    <dt>{part.label}</dt>
                    <dd
                      data-testid={`exact-${part.id}`}
                      data-value={part.kind === 'number' ? String(part.value) : String(part.correct)}
                    >
                      {exactText(part)}
                    </dd>
                  </>
                )}
              </For>
            </dl>
            <p class="hint">
              Every number here is computed by @losslab/core (exact f64) from this variant’s inputs.
            </p>
          </section>
        </Show>
      </section>
    </div>
  );
}
