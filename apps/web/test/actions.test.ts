import { getLoss, inDomain, losses } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import {
  openLoss,
  selectLoss,
  setAxisRange,
  setAxisVariable,
  setCurveParam,
  setCurveRange,
  setOutput,
  setParam,
  setProbe,
  toggleAxisScale,
  toggleCurveHidden,
  toggleCurveLoss,
} from '../src/state/actions';
import { BUILTIN } from '../src/state/catalog';
import { defaultState } from '../src/state/defaults';
import { canSweep2d, curveGroups } from '../src/state/loss-setup';

const huber = () => ({ ...selectLoss(defaultState(), 'huber'), loss: 'huber' });

describe('heatmap actions', () => {
  it('selecting a loss resets axes, sliders and output to that loss', () => {
    for (const loss of losses.filter(canSweep2d)) {
      const state = selectLoss(selectLoss(defaultState(), 'mse'), loss.id);
      expect(state.loss).toBe(loss.id);
      expect([state.x.variable, state.y.variable]).toEqual([...loss.defaultAxes]);
      const axisNames = [state.x.variable, state.y.variable];
      expect(Object.keys(state.params).sort()).toEqual(
        loss.variables
          .map((v) => v.name)
          .filter((n) => !axisNames.includes(n))
          .sort(),
      );
    }
  });

  it('rejects slider values outside the domain and accepts those inside', () => {
    const base = setAxisVariable(huber(), 'y', 'r');
    expect(base.x.variable).toBe('delta');
    expect(base.y.variable).toBe('r');
    const fixed = setAxisVariable(defaultState(), 'x', 'r');
    expect(setParam(fixed, 'nonexistent', 1)).toBe(fixed);
    const softmax = selectLoss(defaultState(), 'softmax_ce');
    expect(setParam(softmax, 'smoothing', 1)).toBe(softmax);
    expect(setParam(softmax, 'smoothing', 0.3).params.smoothing).toBe(0.3);
  });

  it('swaps axes when an axis takes the other axis’s variable, keeping ranges', () => {
    const state = huber();
    const swapped = setAxisVariable(state, 'x', state.y.variable);
    expect(swapped.x).toEqual(state.y);
    expect(swapped.y).toEqual(state.x);
  });

  it('validates axis ranges and log scales', () => {
    const state = huber();
    expect(setAxisRange(state, 'x', { min: 2, max: 1, scale: 'linear' })).toBe(state);
    expect(setAxisRange(state, 'y', { min: -1, max: 1, scale: 'linear' })).toBe(state);
    expect(setAxisRange(state, 'x', { min: -1, max: 1, scale: 'log' })).toBe(state);
    const flipped = toggleAxisScale(state, 'y');
    expect(flipped.y.scale).not.toBe(state.y.scale);
    expect(toggleAxisScale(flipped, 'y').y.scale).toBe(state.y.scale);
    expect(state.x.scale).toBe('linear');
    const xLog = toggleAxisScale(state, 'x');
    expect(xLog.x.scale).toBe('log');
    expect(xLog.x.min).toBeGreaterThan(0);
  });

  it('switches to the diverging colormap for partials unless the user picked one', () => {
    const state = huber();
    const partial = setOutput(state, { partial: 'r' });
    expect(partial.colormap).toBe('coolwarm');
    expect(setOutput(partial, 'value').colormap).toBe('viridis');
    const magma = setOutput({ ...state, colormap: 'magma' }, { partial: 'r' });
    expect(magma.colormap).toBe('magma');
  });
});

describe('curves actions', () => {
  it('adds and removes losses of the group but never the last one', () => {
    const state = defaultState();
    const group = curveGroups(BUILTIN).find(
      (g) => g.family === state.curves.family && g.variable === state.curves.variable,
    )!;
    let next = state;
    for (const id of state.curves.losses.slice(1)) next = toggleCurveLoss(next, id);
    expect(next.curves.losses).toHaveLength(1);
    expect(toggleCurveLoss(next, next.curves.losses[0]!)).toBe(next);
    const other = group.losses.find((l) => !next.curves.losses.includes(l.id));
    if (other) expect(toggleCurveLoss(next, other.id).curves.losses).toContain(other.id);
    const outsider = losses.find((l) => l.family !== state.curves.family);
    if (outsider) expect(toggleCurveLoss(state, outsider.id)).toBe(state);
  });

  it('hides curves, clamps the probe and checks parameter domains', () => {
    let state = defaultState();
    const first = state.curves.losses[0]!;
    state = toggleCurveHidden(state, first);
    expect(state.curves.hidden).toEqual([first]);
    expect(toggleCurveHidden(state, first).curves.hidden).toEqual([]);
    expect(setProbe(state, 1e9).curves.probe).toBe(state.curves.max);
    expect(setCurveRange(state, 1, 0)).toBe(state);
    const narrowed = setCurveRange(state, -1, 1);
    expect(narrowed.curves.probe).toBeLessThanOrEqual(1);
    const withHuber = state.curves.losses.includes('huber') ? state : toggleCurveLoss(state, 'huber');
    expect(setCurveParam(withHuber, 'huber', 'delta', -2)).toBe(withHuber);
    expect(setCurveParam(withHuber, 'huber', 'delta', 2).curves.params.huber?.delta).toBe(2);
  });

  it('opening a loss from Compare shows it in every view', () => {
    for (const loss of losses) {
      const state = openLoss(defaultState(), loss.id, 'info');
      expect(state.loss).toBe(loss.id);
      expect(state.view).toBe('info');
      expect(state.curves.losses).toContain(loss.id);
      expect(state.curves.hidden).not.toContain(loss.id);
      const x = getLoss(loss.id).variables.find((v) => v.name === state.curves.variable)!;
      expect(inDomain(x.domain, state.curves.min)).toBe(true);
    }
  });
});
