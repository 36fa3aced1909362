/** Properties computed, not claimed: the checks agree with the catalog's hand-made claims, and catch what they should. */
import { describe, expect, it } from 'vitest';
import { checkProperties, customLoss, getLoss } from '../../src/index.js';
import { arrangedFormulas, exactFormulas, focalFormula, retype } from './retyped.js';

describe('computed properties of custom losses', () => {
  it.each(Object.entries({ ...exactFormulas, ...arrangedFormulas, focal: focalFormula }))(
    '%s re-typed: convex, smooth and robust as the catalog claims',
    (id, formula) => {
      const mine = retype(id, formula);
      const { convex, smooth, robust } = getLoss(id).properties;
      const report = checkProperties(mine);
      expect({ convex: report.convex, smooth: report.smooth, robust: report.robust }).toEqual({
        convex,
        smooth,
        robust,
      });
      expect(mine.properties).toEqual({ convex, smooth, robust, probabilistic: null });
      expect(report.variable).toBe(mine.variables.find((v) => v.role === 'data')!.name);
    },
  );

  const r = { name: 'r', role: 'data', domain: 'real', range: [-3, 3] } as const;
  const make = (formula: string, domain = 'real', range: [number, number] = [-3, 3]) =>
    customLoss({ id: 'prop', formula, variables: [{ ...r, domain, range }] });

  it.each<[string, boolean, boolean, boolean, RegExp | null]>([
    ['abs(r)^3', true, true, false, /not robust: ∂\/∂r grows/],
    ['-r^2', false, true, false, /not convex: the slope in r decreases/],
    ['sqrt(abs(r))', false, false, false, /not smooth: ∂\/∂r at r = 0 is NaN/],
    ['if(r < 0.3, 0, 1)', false, false, true, /not smooth: the value steps by 1 at r ≈ 0.3/],
    ['max(r, 0.5*r)', true, false, true, /not smooth: ∂\/∂r jumps \(a kink\) by 0.5 at r ≈ -?[0-9.e-]+/],
    ['r^2 + 0.001*abs(r - 1)', true, false, false, /kink\) by 0.002 at r ≈ 1/],
    ['log(1 + r^2)', false, true, true, /not convex/],
    ['tanh(50*r)^2', false, true, true, null],
    ['1/r', false, false, false, /Infinity/],
  ])('%s: convex %s, smooth %s, robust %s', (formula, convex, smooth, robust, note) => {
    const report = checkProperties(make(formula));
    expect({ convex: report.convex, smooth: report.smooth, robust: report.robust }).toEqual({
      convex,
      smooth,
      robust,
    });
    if (note) expect(report.notes.join('\n')).toMatch(note);
  });

  it('says when the formula is undefined on part of the plotted range', () => {
    const report = checkProperties(make('log(r)', 'real', [-1, 1]));
    expect(report).toMatchObject({ convex: false, smooth: false });
    expect(report.undefinedPoints).toBeGreaterThan(100);
    expect(report.notes.join('\n')).toMatch(/undefined \(NaN\) at \d+ of 257 points checked/);
  });

  it('checks every setting of the other data variables and the hyperparameters at their defaults', () => {
    // Convex in z for y = 1 but not for y = 0: one bad setting makes it non-convex.
    const mine = customLoss({
      id: 'mixed',
      formula: 'if(y == 1, z^2, -z^2)',
      variables: [
        { name: 'z', role: 'data', domain: 'real', range: [-2, 2] },
        { name: 'y', role: 'data', default: 1, domain: '{0, 1}' },
      ],
    });
    const report = checkProperties(mine);
    expect(report.contexts).toBe(2);
    expect(report.convex).toBe(false);
    expect(report.notes.join('\n')).toMatch(/\(y = 0\)/);
  });

  it('is computed once, on first read', () => {
    const mine = make('r^2');
    expect(mine.properties).toBe(mine.properties);
  });
});
