/** The fit lab's pure parts: presets, edits, CSV, framing, grid sizes, test errors, state and its URL form. */
import { fitModel, losses, optimize } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { fitOutcome, runOptimizers, testError } from '../src/fit/compute';
import { datasetCsv, parseDatasetCsv } from '../src/fit/csv';
import {
  applyEdits,
  editsOf,
  type FitPoint,
  MAX_POINTS,
  parsePointsText,
  pointsText,
  presetDataset,
  presetPoints,
  toDataset,
} from '../src/fit/dataset';
import { frameRange } from '../src/fit/frame';
import { DEFAULT_FIT_LOSSES, fitLossesFor, hyperparameters, taskOfLoss } from '../src/fit/losses';
import {
  generatePreset,
  HELD_OUT_POINTS,
  heldOutData,
  PRESET_INFO,
  PRESETS,
  TRUE_LINE,
} from '../src/fit/presets';
import { chooseSide, MIN_GRID, ResolutionGovernor } from '../src/fit/resolution';
import { defaultState } from '../src/state/defaults';
import {
  addFitPoint,
  defaultFitState,
  loadPreset,
  moveFitPoint,
  removeFitPoint,
  replaceFitLoss,
  setFitParam,
  setFitTask,
  setOptimizerSetting,
  toggleFitLoss,
} from '../src/state/fit';
import { parseState, serializeState } from '../src/state/url';
import { outcomeOf } from '../src/views/fit/OptimizerPanel';
import { dataLineSegments } from '../src/views/fit/overlay';

const withFit = (fit: ReturnType<typeof defaultFitState>) => ({
  ...defaultState(),
  view: 'fit' as const,
  fit,
});
const roundTrip = (fit: ReturnType<typeof defaultFitState>) => parseState(serializeState(withFit(fit)));

describe('presets', () => {
  it('are the same for the same seed and differ between seeds', () => {
    for (const preset of PRESETS) {
      expect(generatePreset(preset, 5)).toEqual(generatePreset(preset, 5));
      expect(generatePreset(preset, 5)).not.toEqual(generatePreset(preset, 6));
    }
  });

  it('have the shapes their names promise', () => {
    const clean = generatePreset('clean', 1);
    const line = fitModel({ loss: 'mse', data: toDataset(clean) });
    expect(Math.abs(line.w - TRUE_LINE.w)).toBeLessThan(0.3);
    const outliers = generatePreset('outliers', 1);
    const far = outliers.filter((p) => p.y - (TRUE_LINE.w * p.x + TRUE_LINE.b) > 10);
    expect(far.length).toBe(4);
    const leverage = generatePreset('leverage', 1);
    expect(Math.max(...leverage.map((p) => p.x))).toBeGreaterThan(20);
    for (const preset of ['overlapping', 'separable', 'mislabeled'] as const) {
      const points = generatePreset(preset, 1);
      expect(points.every((p) => p.y === 0 || p.y === 1)).toBe(true);
      expect(PRESET_INFO[preset].task).toBe('classification');
    }
    const separable = generatePreset('separable', 1);
    const maxZero = Math.max(...separable.filter((p) => p.y === 0).map((p) => p.x));
    const minOne = Math.min(...separable.filter((p) => p.y === 1).map((p) => p.x));
    expect(maxZero).toBeLessThan(minOne);
    expect(() => fitModel({ loss: 'logistic', data: toDataset(separable) })).toThrow(/no finite minimizer/);
  });

  it('draw held-out data from the clean generator', () => {
    const test = heldOutData('outliers', 1);
    expect(test.length).toBe(HELD_OUT_POINTS);
    // No gross outliers: residuals from the true line are Gaussian (σ = 1).
    const worst = Math.max(...test.map((p) => Math.abs(p.y - (TRUE_LINE.w * p.x + TRUE_LINE.b))));
    expect(worst).toBeLessThan(6);
    expect(heldOutData('mislabeled', 1).every((p) => (p.y === 1) === p.x > 0 || Math.abs(p.x) < 4)).toBe(
      true,
    );
  });

  it('make robust losses beat MSE on held-out data when there are outliers', () => {
    const data = toDataset(presetPoints('outliers', 1));
    const test = heldOutData('outliers', 1);
    const mse = testError('regression', fitModel({ loss: 'mse', data }), test).value;
    const huber = testError('regression', fitModel({ loss: 'huber', data }), test).value;
    expect(huber / mse - 1).toBeLessThan(-0.2);
  });
});

describe('dataset edits', () => {
  const base = presetPoints('clean', 3);

  it('round-trip moves, deletions and additions', () => {
    let points: FitPoint[] = presetDataset('clean', 3);
    points[4] = { ...points[4]!, x: 1.25, y: -3.5 };
    points = points.filter((_, i) => i !== 7 && i !== 0);
    points.push({ x: 0.5, y: 2 });
    const edits = editsOf(points, base)!;
    expect(edits).toEqual(['d0', 'm4:1.25:-3.5', 'd7', 'a:0.5:2']);
    expect(applyEdits(base, edits)).toEqual(points);
    expect(editsOf(presetDataset('clean', 3), base)).toEqual([]);
  });

  it('refuses hostile or impossible edits with a reason', () => {
    for (const bad of [['m999:1:2'], ['d1', 'd1'], ['m1:NaN:2'], ['x'], ['a:1'], ['m1:1e400:0'], ['d-1']]) {
      expect(typeof applyEdits(base, bad)).toBe('string');
    }
    expect(
      applyEdits(
        base,
        base.map((_, i) => `d${i}`),
      ),
    ).toBe('the edits delete every point');
  });

  it('lists points with weights and reads them back', () => {
    const points: FitPoint[] = [
      { x: 1, y: 2 },
      { x: -0.5, y: 1e-7, weight: 2.5 },
    ];
    expect(parsePointsText(pointsText(points))).toEqual(points);
    expect(typeof parsePointsText('1:2:-1')).toBe('string');
    expect(typeof parsePointsText('1:2:0')).toBe('string');
    expect(
      typeof parsePointsText(
        Array(MAX_POINTS + 1)
          .fill('1:1')
          .join(','),
      ),
    ).toBe('string');
  });
});

describe('CSV', () => {
  it('names each bad row by its line and imports nothing', () => {
    const result = parseDatasetCsv('x,y\n1,2\n\n2,\n3,x\n4,5\n', 'regression');
    expect(result.points).toBeUndefined();
    expect(result.errors).toEqual([
      'Line 4: y = “” is not a finite number within ±1000000.',
      'Line 5: y = “x” is not a finite number within ±1000000.',
    ]);
    expect(parseDatasetCsv('0,0.5\n', 'classification').errors[0]).toMatch(
      /Line 1: y = “0.5” is not a class label/,
    );
  });

  it('reads headerless, headed (any column order) and quoted files', () => {
    expect(parseDatasetCsv('1,2\n3,4', 'regression').points).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(parseDatasetCsv('weight,y,x\r\n2,"5",1\r\n', 'regression').points).toEqual([
      { x: 1, y: 5, weight: 2 },
    ]);
  });

  it('exports what it imports', () => {
    const points: FitPoint[] = [
      { x: 0.1, y: -2 },
      { x: 1e-9, y: 3, weight: 0.5 },
    ];
    const text = datasetCsv(points).join('');
    expect(text).toBe('x,y,weight\n0.1,-2,1\n1e-9,3,0.5\n');
    expect(parseDatasetCsv(text, 'regression').points).toEqual([
      { x: 0.1, y: -2 },
      { x: 1e-9, y: 3, weight: 0.5 },
    ]);
  });
});

describe('fits, framing and optimizers', () => {
  it('offer the losses of each task, with the defaults first', () => {
    expect(fitLossesFor('regression', losses).map((l) => l.id)).toEqual(
      expect.arrayContaining([...DEFAULT_FIT_LOSSES.regression, 'poisson_nll']),
    );
    expect(fitLossesFor('classification', losses).map((l) => l.id)).toEqual(
      expect.arrayContaining([...DEFAULT_FIT_LOSSES.classification]),
    );
    expect(taskOfLoss(losses.find((l) => l.id === 'softmax_ce')!)).toBeUndefined();
    expect(hyperparameters(losses.find((l) => l.id === 'huber')!).map((v) => v.name)).toEqual(['delta']);
  });

  it('say plainly when there is no finite minimizer', () => {
    const data = toDataset(presetPoints('separable', 1));
    const logistic = losses.find((l) => l.id === 'logistic')!;
    expect(fitOutcome({ loss: logistic, params: {}, data, l2: 0 }).kind).toBe('no-minimizer');
    expect(fitOutcome({ loss: logistic, params: {}, data, l2: 0.1 }).kind).toBe('fit');
  });

  it('frame every fit of a preset when it loads', () => {
    for (const preset of PRESETS) {
      const fit = loadPreset(defaultFitState(losses), preset, 1, losses);
      const data = toDataset(fit.points);
      for (const id of fit.losses) {
        const outcome = fitOutcome({
          loss: losses.find((l) => l.id === id)!,
          params: fit.params[id]!,
          data,
          l2: 0,
        });
        if (outcome.kind !== 'fit') continue;
        const { w, b } = outcome.result;
        const r = fit.range;
        expect([preset, id, w > r.wMin && w < r.wMax && b > r.bMin && b < r.bMax]).toEqual([
          preset,
          id,
          true,
        ]);
      }
    }
    const include = frameRange(presetPoints('clean', 1), 'regression', [{ w: 40, b: -90 }]);
    expect(include.wMax).toBeGreaterThan(40);
    expect(include.bMin).toBeLessThan(-90);
  });

  it('run core’s optimizers from the start', () => {
    const data = toDataset(presetPoints('clean', 1));
    const mse = losses.find((l) => l.id === 'mse')!;
    const settings = { ...defaultFitState(losses).optimizer, start: { w: -1, b: 5 }, steps: 50 };
    const runs = runOptimizers({ loss: mse, params: {}, data, l2: 0 }, settings);
    expect(runs.map((r) => r.method)).toEqual(['gd', 'momentum', 'nesterov', 'adam']);
    const gd = runs[0]!;
    if (gd.kind !== 'run') throw new Error(gd.message);
    const direct = optimize(
      { loss: 'mse', data },
      { method: 'gd', lr: settings.lr, steps: 50, start: { w: -1, b: 5 } },
    );
    expect(Array.from(gd.trajectory.value)).toEqual(Array.from(direct.value));
    expect(runOptimizers({ loss: mse, params: {}, data, l2: 0 }, { ...settings, start: null })).toEqual([]);
    const diverging = runOptimizers(
      { loss: mse, params: {}, data, l2: 0 },
      { ...settings, lr: 10, steps: 2000 },
    );
    expect(diverging[0]!.kind === 'run' && diverging[0]!.trajectory.diverged).toBe(true);
  });

  it('measure held-out error as RMSE or the misclassified fraction', () => {
    expect(
      testError('regression', { w: 1, b: 0 }, [
        { x: 1, y: 2 },
        { x: 2, y: 2 },
      ]),
    ).toEqual({ value: Math.sqrt(0.5), metric: 'rmse' });
    const rate = testError('classification', { w: 1, b: 0 }, [
      { x: 1, y: 1 },
      { x: -1, y: 1 },
      { x: -2, y: 0 },
      { x: 0, y: 0 },
    ]);
    expect(rate).toEqual({ value: 0.5, metric: 'error-rate' });
  });

  it('draws each point’s line b = y − w·x across the view', () => {
    const range = { wMin: 0, wMax: 2, bMin: -1, bMax: 3 };
    const [s] = dataLineSegments([{ x: 1, y: 2 }], 'regression', range);
    expect(s).toEqual({ x1: 0, y1: 0.75, x2: 1, y2: 0.25 });
    expect(dataLineSegments([{ x: 0, y: 50 }], 'regression', range)).toEqual([]);
    expect(dataLineSegments([{ x: 1, y: 1 }], 'classification', range)[0]!.y1).toBe(0.25);
  });
});

describe('grid sizes', () => {
  it('fit the budget once the cost is known, within the limits', () => {
    const g = new ResolutionGovernor();
    // The first landscape of a loss is cold and ignored.
    g.observe('mse', 256 * 256, 40, 5000);
    expect(g.cost('mse')).toBeUndefined();
    g.observe('mse', 256 * 256, 40, 100);
    const side = g.size('mse', 40, { budgetMs: 50, max: 512 });
    expect(side % 16).toBe(0);
    expect(side * side * 40 * g.cost('mse')!).toBeLessThanOrEqual(50);
    expect((side + 16) ** 2 * 40 * g.cost('mse')!).toBeGreaterThan(50);
    expect(g.size('mse', 40, { budgetMs: 1e9, max: 512 })).toBe(512);
    expect(g.size('mse', 1e9, { budgetMs: 1, max: 512 })).toBe(MIN_GRID);
    expect(chooseSide(Number.NaN, 300)).toBe(288);
  });
});

describe('fit state and URL', () => {
  it('writes nothing while the fit lab is at its defaults', () => {
    const text = serializeState(defaultState());
    expect([...new URLSearchParams(text).keys()].filter((k) => k.startsWith('f') && k !== 'fl')).toEqual([]);
    expect(parseState(text).state.fit).toEqual(defaultFitState(losses));
  });

  it('round-trips edits, losses, hyperparameters, ridge and optimizer settings', () => {
    let fit = loadPreset(defaultFitState(losses), 'leverage', 9, losses);
    fit = moveFitPoint(fit, 3, { x: 1.5, y: 4.25 });
    fit = removeFitPoint(fit, 10);
    fit = addFitPoint(fit, { x: -2, y: 7 });
    fit = replaceFitLoss(fit, 2, 'cauchy', losses);
    fit = setFitParam(fit, 'huber', 'delta', 2.5, losses);
    fit = {
      ...fit,
      l2: 0.125,
      landscapeLoss: 'huber',
      dataLines: true,
      optimizer: { ...fit.optimizer, start: { w: 1, b: -2 } },
    };
    fit = setOptimizerSetting(fit, 'adamLr', 0.3);
    const text = serializeState(withFit(fit));
    const params = new URLSearchParams(text);
    expect(params.get('fd')).toBe('leverage');
    expect(params.get('fe')).toBe('m3:1.5:4.25,d10,a:-2:7');
    expect(params.get('fh.huber.delta')).toBe('2.5');
    const parsed = parseState(text);
    expect(parsed.notices).toEqual([]);
    expect(parsed.state.fit).toEqual(fit);
  });

  it('round-trips imported points and classification', () => {
    let fit = setFitTask(defaultFitState(losses), 'classification', losses);
    fit = {
      ...fit,
      preset: null,
      points: [
        { x: 1, y: 1 },
        { x: -1, y: 0, weight: 3 },
      ],
    };
    fit = toggleFitLoss(fit, 'focal', losses);
    expect(fit.losses).not.toContain('focal');
    const parsed = roundTrip(fit);
    expect(parsed.notices).toEqual([]);
    expect(parsed.state.fit).toEqual(fit);
  });

  it('falls back part by part with notices on hostile input', () => {
    const hostile = new URLSearchParams({
      view: 'fit',
      ft: 'classification',
      fd: 'clean',
      fe: 'm1:1:0.5',
      fl: 'mse,logistic,<b>',
      fr: '-3',
      fw: '5,1',
      flr: '99',
      fo: 'a,b',
    });
    const { state, notices } = parseState(hostile.toString());
    expect(state.fit.task).toBe('classification');
    expect(state.fit.preset).toBe('overlapping');
    expect(state.fit.losses).toEqual(['logistic']);
    expect(state.fit.l2).toBe(0);
    expect(state.fit.optimizer).toEqual(defaultFitState(losses).optimizer);
    expect(notices.join(' ')).toMatch(/not a classification dataset/);
    expect(notices.join(' ')).toMatch(/label is not 0 or 1/);
    expect(notices.join(' ')).toMatch(/ridge/);
    expect(notices.join(' ')).toMatch(/landscape range/);
    expect(notices.join(' ')).toMatch(/flr/);
    expect(notices.every((n) => !n.includes('<b>') || n.includes('“<b>”'))).toBe(true);
  });
});

describe('optimizer outcomes', () => {
  it('say diverged, diverging, converged or still descending', () => {
    const run = (values: number[], diverged = false) => ({ value: Float64Array.from(values), diverged });
    expect(outcomeOf(run([5, 3, 2], true), 1).text).toMatch(/^Diverged: step 3 was not finite/);
    expect(outcomeOf(run([5, 50, 2.5e6]), 1)).toEqual({
      text: expect.stringMatching(/^Diverging: L grew 5e5-fold/),
      bad: true,
    });
    expect(outcomeOf(run([5, 2, 1 + 1e-9]), 1)).toEqual({ text: 'Converged to the minimum.', bad: false });
    expect(outcomeOf(run([5, 3, 2]), 1).text).toBe('Still descending.');
    expect(outcomeOf(run([5, 6, 7]), 1)).toEqual({ text: 'Not descending.', bad: true });
  });
});
