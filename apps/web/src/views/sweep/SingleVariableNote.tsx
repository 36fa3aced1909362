/** What the 2D views say for a loss of one variable, instead of an empty canvas. */
import { openLoss } from '../../state/actions';
import { lossesOf } from '../../state/catalog';
import type { AppStore } from '../../state/store';

export function SingleVariableNote(props: { store: AppStore }) {
  const loss = () => lossesOf(props.store.state).get(props.store.state.loss);
  return (
    <div class="plot-message" role="note" style={{ position: 'static', 'min-height': '12rem' }}>
      <p>
        {loss().name} has a single variable ({loss().variables[0]?.label}), so there is no 2D sweep to draw.{' '}
        <button type="button" onClick={() => props.store.update((s) => openLoss(s, s.loss, 'curves'))}>
          See it in Curves
        </button>
      </p>
    </div>
  );
}
