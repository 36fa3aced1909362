import { losses, sweep } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { selectLoss, setOutput } from '../src/state/actions';
import { BUILTIN } from '../src/state/catalog';
import { defaultColorScale } from '../src/state/color-scale';
import { defaultState, lossState } from '../src/state/defaults';
import { canSweep2d, findLoss } from '../src/state/loss-setup';
import { parseState, serializeState } from '../src/state/url';

const scaleOf = (id: string) => defaultColorScale(lossState(findLoss(BUILTIN, id)!), BUILTIN);

describe('the colour scale a loss opens with', () => {
  it('is log where a linear scale leaves most of the picture in the darkest colours', () => {
    // Focal over p_t × γ: the median is under 5% of the range (one dark field, a bright edge).
    expect(scaleOf('focal')).toBe('log');
    expect(scaleOf('focal_logits')).toBe('log');
  });

  it('is linear where a linear scale already spreads the values', () => {
    for (const id of ['huber', 'smooth_l1', 'quantile', 'bce', 'softmax_ce', 'dice', 'triplet'])
      expect(scaleOf(id), id).toBe('linear');
  });

  it('is linear for signed values, partials and single-variable losses', () => {
    // gaussian_nll goes below 0 (log var < 0): no log scale for it.
    expect(scaleOf('gaussian_nll')).toBe('linear');
    expect(
      defaultColorScale({ ...lossState(findLoss(BUILTIN, 'focal')!), output: { partial: 'pt' } }, BUILTIN),
    ).toBe('linear');
    expect(scaleOf('mse')).toBe('linear');
  });

  it('follows its rule for every loss of the catalog', () => {
    for (const loss of losses.filter(canSweep2d)) {
      const state = lossState(loss);
      const axis = (a: typeof state.x) => ({ ...a, size: 48 });
      const values = Array.from(
        sweep({ loss: loss.id, x: axis(state.x), y: axis(state.y), fixed: { ...state.params } }).data,
      )
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const min = values[0]!;
      const max = values[values.length - 1]!;
      const median = values[Math.floor((values.length - 1) / 2)]!;
      // Log only for values ≥ 0 whose median lies in the bottom twentieth of the range.
      if (scaleOf(loss.id) === 'log') {
        expect(min, loss.id).toBeGreaterThanOrEqual(0);
        expect((median - min) / (max - min), loss.id).toBeLessThan(0.05);
      }
    }
  });

  it('is what choosing a loss and opening a link without one give; a link’s own scale wins', () => {
    expect(selectLoss(defaultState(), 'focal').colorScale).toBe('log');
    expect(selectLoss(selectLoss(defaultState(), 'focal'), 'huber').colorScale).toBe('linear');
    expect(parseState('view=heatmap&loss=focal').state.colorScale).toBe('log');
    expect(parseState('view=heatmap&loss=focal&cscale=linear').state.colorScale).toBe('linear');
    const state = parseState('view=heatmap&loss=focal').state;
    expect(parseState(serializeState(state)).state.colorScale).toBe('log');
  });

  it('follows the output when it was the default, and stays when the user chose it', () => {
    const focal = selectLoss(defaultState(), 'focal');
    expect(setOutput(focal, { partial: 'pt' }).colorScale).toBe('linear');
    expect(setOutput(setOutput(focal, { partial: 'pt' }), 'value').colorScale).toBe('log');
    const chosen = { ...focal, colorScale: 'linear' as const };
    expect(setOutput(chosen, { partial: 'gamma' }).colorScale).toBe('linear');
    const huber = selectLoss(defaultState(), 'huber');
    expect(setOutput({ ...huber, colorScale: 'log' }, { partial: 'r' }).colorScale).toBe('log');
  });
});
