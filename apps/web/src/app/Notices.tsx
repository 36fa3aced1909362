/** What was wrong with the link the app opened with. Each notice is plain text, never markup. */
import { For, Show } from 'solid-js';

export function Notices(props: { notices: readonly string[]; onDismiss: () => void }) {
  return (
    <Show when={props.notices.length > 0}>
      <section class="notices" role="status" aria-labelledby="notices-title" data-testid="notices">
        <h2 id="notices-title">Some of this link could not be used</h2>
        <ul>
          <For each={props.notices}>{(notice) => <li>{notice}</li>}</For>
        </ul>
        <button type="button" onClick={() => props.onDismiss()}>
          Dismiss
        </button>
      </section>
    </Show>
  );
}
