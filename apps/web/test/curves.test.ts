import { evaluate, gradient } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { setCurveParam, setHalfMse } from '../src/state/actions';
import { BUILTIN } from '../src/state/catalog';
import { parseState, serializeState } from '../src/state/url';
import { computeCurves, curveName, probeLoss } from '../src/views/curves/compute';

const base = () => parseState('view=curves&cf=regression&cv=r&cl=mse,mae,huber').state;

describe('Curves: MSE drawn as ½r²', () => {
  it('halves MSE’s value and slope (core’s values, scaled) and leaves the other losses alone', () => {
    const state = setHalfMse(base(), true);
    const data = computeCurves(state.curves, BUILTIN, 41);
    const mse = data.curves.find((c) => c.id === 'mse')!;
    const huber = data.curves.find((c) => c.id === 'huber')!;
    data.xs.forEach((r, k) => {
      expect(mse.value[k]).toBe(0.5 * evaluate('mse', { r }));
      expect(mse.slope[k]).toBe(0.5 * gradient('mse', { r }).r!);
      expect(huber.value[k]).toBe(evaluate('huber', { r, delta: 1 }));
    });
    expect(probeLoss(state.curves, BUILTIN, 'mse', 1.5)).toEqual({ value: 1.125, slope: 1.5 });
    expect(probeLoss(base().curves, BUILTIN, 'mse', 1.5)).toEqual({ value: 2.25, slope: 3 });
    expect(curveName(state.curves, BUILTIN, 'mse')).toContain('½');
    expect(curveName(base().curves, BUILTIN, 'mse')).toBe('Mean squared error');
  });

  it('lets Huber at a large δ coincide with ½ · MSE, and at a small δ fall far below it', () => {
    const half = setHalfMse(base(), true);
    const wide = setCurveParam(half, 'huber', 'delta', 10);
    const narrow = setCurveParam(half, 'huber', 'delta', 0.1);
    for (const r of [-3, -1.2, 0.4, 2.9]) {
      expect(probeLoss(wide.curves, BUILTIN, 'huber', r)).toEqual(probeLoss(wide.curves, BUILTIN, 'mse', r));
      expect(probeLoss(narrow.curves, BUILTIN, 'huber', r)!.value).toBeLessThan(
        probeLoss(narrow.curves, BUILTIN, 'mse', r)!.value,
      );
    }
  });

  it('is kept in the URL, and a bad value falls back with a notice', () => {
    const state = setHalfMse(base(), true);
    const text = serializeState(state);
    expect(new URLSearchParams(text).get('halfmse')).toBe('1');
    expect(parseState(text).state.curves.halfMse).toBe(true);
    expect(new URLSearchParams(serializeState(base())).get('halfmse')).toBeNull();
    const bad = parseState('view=curves&halfmse=<b>yes</b>');
    expect(bad.state.curves.halfMse).toBe(false);
    expect(bad.notices.join(' ')).toContain('halfmse');
  });
});

describe('Curves: a range where a loss overflows f64', () => {
  it('counts the points where the value or slope is ±∞ (left out of the plot), and only those', () => {
    const state = parseState('view=curves&cf=regression&cv=r&cl=mse,mae&cx=-1e308,1e308').state;
    const data = computeCurves(state.curves, BUILTIN, 41);
    const mse = data.curves.find((c) => c.id === 'mse')!;
    const mae = data.curves.find((c) => c.id === 'mae')!;
    // r² overflows for |r| > 1.34e154: every point but r = 0; its slope 2r stays finite below 9e307.
    const expected = Array.from(data.xs).filter(
      (r) => !Number.isFinite(evaluate('mse', { r })) || !Number.isFinite(gradient('mse', { r }).r!),
    ).length;
    expect(expected).toBe(40);
    expect(mse.infinitePoints).toBe(expected);
    expect(mae.infinitePoints).toBe(0);
    expect(computeCurves(base().curves, BUILTIN, 41).curves.every((c) => c.infinitePoints === 0)).toBe(true);
  });
});
