/**
 * Custom losses in the app's state: the catalog that resolves every id, the
 * URL form (round trips, hostile links), the transitions that add, edit and
 * remove them, the editor's draft checks, and the Curves and sweep paths
 * where a formula is undefined.
 */
import {
  axisCoordinates,
  type CustomLossSpec,
  evaluate,
  evaluateBatch,
  getLoss,
  gradient,
  inDomain,
  type LossDef,
  resolveSweep,
  sweep,
  sweepStats,
} from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { wireSpec } from '../src/compute/cpu-backend';
import { checkDraft, type Draft, draftOf, freeId, specOfDraft } from '../src/custom-loss/draft';
import { copyableLosses, copyOf, EXAMPLES } from '../src/custom-loss/examples';
import {
  openLoss,
  removeCustomLoss,
  saveCustomLoss,
  setCurveRange,
  toggleCurveLoss,
} from '../src/state/actions';
import {
  BUILTIN,
  buildCustomLoss,
  catalogOf,
  customLossesOf,
  lossesOf,
  MAX_CUSTOM_LOSSES,
} from '../src/state/catalog';
import { defaultState } from '../src/state/defaults';
import { curveGroups } from '../src/state/loss-setup';
import type { AppState } from '../src/state/types';
import { parseState, serializeState, urlForm } from '../src/state/url';
import { computeCurves, probeLoss } from '../src/views/curves/compute';
import { exactOutput, sweepSpecOf, undefinedReason } from '../src/views/sweep/spec';
import { summarizeUndefined, undefinedValueUnderPartial } from '../src/views/sweep/UndefinedCells';

const cauchy: CustomLossSpec = EXAMPLES[0]!.spec;

/** Huber as the catalog computes it, typed: hash-consing gives the catalog's very tree. */
const myHuber: CustomLossSpec = {
  id: 'my_huber',
  name: 'My Huber',
  formula: 'if(abs(r) <= delta, r*(0.5*r), delta*(abs(r) - 0.5*delta))',
  variables: [
    { name: 'r', role: 'data', domain: 'real', range: [-3, 3] },
    { name: 'delta', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
  ],
};

/** A formula undefined for r < 0. */
const logLoss: CustomLossSpec = {
  id: 'my_log',
  formula: 'log(r) + c',
  variables: [
    { name: 'r', role: 'data', domain: 'real', range: [-2, 2] },
    { name: 'c', role: 'hyperparameter', default: 1, domain: 'real', range: [-1, 1] },
  ],
};

const linkOf = (specs: readonly CustomLossSpec[], rest = '') =>
  `${specs.map((s) => `custom=${encodeURIComponent(JSON.stringify(s))}`).join('&')}${rest}`;

/** Every id in a state names a loss of its catalog, and every value lies in its variable's domain. */
function expectConsistent(state: AppState): void {
  const catalog = lossesOf(state);
  const loss = catalog.get(state.loss);
  for (const [name, value] of Object.entries(state.params)) {
    const variable = loss.variables.find((v) => v.name === name);
    expect(variable, `${name} is a variable of ${loss.id}`).toBeDefined();
    expect(inDomain(variable!.domain, value)).toBe(true);
  }
  for (const axis of [state.x, state.y])
    expect(loss.variables.some((v) => v.name === axis.variable)).toBe(true);
  for (const id of state.curves.losses) expect(catalog.find(id), id).toBeDefined();
  expect(state.custom.length).toBeLessThanOrEqual(MAX_CUSTOM_LOSSES);
}

describe('the session catalog', () => {
  it('finds custom losses next to the catalog, and builds each specification once', () => {
    const catalog = catalogOf([cauchy]);
    expect(catalog.find('my_cauchy')?.source?.kind).toBe('custom');
    expect(catalog.find('huber')).toBe(getLoss('huber'));
    expect(catalog.all).toHaveLength(BUILTIN.all.length + 1);
    expect(() => catalog.get('nope')).toThrow(RangeError);
    const def = catalog.get('my_cauchy');
    // Rebuilt from its normalised specification (what the state holds), it is the same object.
    expect(buildCustomLoss(def.source!.spec)).toBe(def);
    expect(catalogOf([structuredClone(def.source!.spec)]).get('my_cauchy')).toBe(def);
  });

  it('puts a custom loss into the catalog groups over its variable, and into a group of its own', () => {
    const groups = curveGroups(catalogOf([myHuber, EXAMPLES[3]!.spec]));
    const regression = groups.find((g) => g.family === 'regression' && g.variable === 'r')!;
    expect(regression.losses.map((l) => l.id)).toContain('my_huber');
    const margin = groups.find((g) => g.family === 'margin' && g.variable === 'm')!;
    expect(margin.losses.map((l) => l.id)).toContain('my_smooth_hinge');
    expect(groups.filter((g) => g.family === 'custom').map((g) => g.variable)).toEqual(['r', 'm']);
  });
});

describe('custom losses in the URL', () => {
  it('round-trip, with the rest of the state that refers to them', () => {
    const search = linkOf(
      [cauchy, myHuber],
      '&view=heatmap&loss=my_huber&y=r,-2,2,lin&x=delta,0.5,4,log&out=d.delta&cf=regression&cv=r&cl=huber,my_huber&cp.my_huber.delta=0.5',
    );
    const first = parseState(search);
    expect(first.notices).toEqual([]);
    expect(first.state.custom.map((c) => c.id)).toEqual(['my_cauchy', 'my_huber']);
    expect(first.state.loss).toBe('my_huber');
    expect(first.state.x).toEqual({ variable: 'delta', min: 0.5, max: 4, scale: 'log' });
    expect(first.state.output).toEqual({ partial: 'delta' });
    expect(first.state.curves.losses).toEqual(['huber', 'my_huber']);
    expect(first.state.curves.params.my_huber).toEqual({ delta: 0.5 });
    const second = parseState(serializeState(first.state));
    expect(second.notices).toEqual([]);
    expect(second.state).toEqual(first.state);
    expectConsistent(second.state);
  });

  it('leave defaults out of the link', () => {
    const spec = buildCustomLoss(cauchy).source!.spec;
    const form = urlForm(spec) as unknown as Record<string, unknown>;
    expect(form.name).toBe('My Cauchy');
    const variables = form.variables as Record<string, unknown>[];
    expect(variables[0]).toEqual({ name: 'r', role: 'data', domain: 'real', range: [-5, 5] });
    expect(variables[1]!.scale).toBe('log');
    // A one-value set has no range of its own to write: it is implied.
    const set = buildCustomLoss({
      id: 'my_set',
      formula: 'r*y',
      variables: [
        { name: 'r', role: 'data', domain: 'real', range: [-1, 1] },
        { name: 'y', role: 'data', domain: '{1}', default: 1 },
      ],
    }).source!.spec;
    const again = parseState(`custom=${encodeURIComponent(JSON.stringify(urlForm(set)))}`);
    expect(again.notices).toEqual([]);
    expect(again.state.custom).toEqual([set]);
  });

  it('leave out a broken or hostile loss with a plain-text notice, and keep the defaults', () => {
    const hostile: [string, RegExp][] = [
      ['not json {', /not a loss definition/],
      [JSON.stringify({ ...cauchy, formula: '0.5 * c^2 * lg(1 + (r/c)^2)' }), /unknown function 'lg'/],
      [JSON.stringify({ ...cauchy, formula: 'alert(1)' }), /unknown function 'alert'/],
      [JSON.stringify({ ...cauchy, formula: 'constructor.constructor("alert(1)")()' }), /Your loss 1/],
      // A template literal's placeholder, spelled without being one.
      [JSON.stringify({ ...cauchy, formula: ['`$', '{alert(1)}`'].join('') }), /Your loss 1/],
      [JSON.stringify({ ...cauchy, formula: 'r /* */ ; }' }), /Your loss 1/],
      [JSON.stringify({ ...cauchy, formula: '(r'.repeat(5000) }), /too long|Your loss 1/],
      [JSON.stringify({ ...cauchy, id: 'huber' }), /catalog loss/],
      [JSON.stringify({ ...cauchy, id: '<img src=x onerror=alert(1)>' }), /id/],
      [JSON.stringify({ ...cauchy, name: '<script>alert(1)</script>\u202e' }), /name/],
      ['{"__proto__": {"polluted": 1}, "id": "x"}', /unknown field '__proto__'/],
      [
        JSON.stringify({ ...cauchy, variables: [{ name: 'constructor', role: 'data', domain: 'real' }] }),
        /reserved/,
      ],
      [JSON.stringify({ ...cauchy, formula: 'log(1 + (р/c)^2)' }), /U\+0440/],
      [JSON.stringify([cauchy]), /must be an object/],
      [`${'['.repeat(2000)}${']'.repeat(2000)}`, /must be an object/],
      [`${JSON.stringify(cauchy)}${' '.repeat(7000)}`, /too long/],
      ['null', /must be an object/],
      ['1e999', /must be an object/],
    ];
    for (const [text, why] of hostile) {
      const { state, notices } = parseState(`custom=${encodeURIComponent(text)}&loss=my_cauchy&view=heatmap`);
      expect(state.custom, text.slice(0, 60)).toEqual([]);
      expect(notices[0], text.slice(0, 60)).toMatch(why);
      // The loss it named is gone: the default stands, with its own notice.
      expect(state.loss).toBe(defaultState().loss);
      expect(notices.some((n) => n.includes('Unknown loss'))).toBe(true);
      for (const notice of notices) {
        expect(notice.length).toBeLessThan(320);
        expect(notice).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      }
      expectConsistent(state);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('take at most four, each id once', () => {
    const specs = ['a', 'b', 'c', 'd', 'e'].map((k) => ({ ...cauchy, id: `my_${k}` }));
    const { state, notices } = parseState(linkOf([...specs, specs[0]!]));
    expect(state.custom.map((c) => c.id)).toEqual(['my_a', 'my_b', 'my_c', 'my_d']);
    expect(notices.join('\n')).toMatch(/at most 4/);
    const twice = parseState(linkOf([specs[0]!, specs[0]!]));
    expect(twice.state.custom).toHaveLength(1);
    expect(twice.notices.join('\n')).toMatch(/taken by another/);
  });

  it('never throw for random text in a custom part', () => {
    let seed = 99;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"id"',
      '"formula"',
      '"variables"',
      ':',
      ',',
      '"r"',
      '1',
      'null',
      '"log(r"',
      '"\\u0000"',
    ];
    for (let k = 0; k < 300; k++) {
      let text = '';
      for (let n = 0; n < Math.floor(random() * 30); n++)
        text += pieces[Math.floor(random() * pieces.length)];
      const { state } = parseState(`custom=${encodeURIComponent(text)}&loss=my_x`);
      expectConsistent(state);
    }
  });
});

describe('adding, editing and removing custom losses', () => {
  const withCauchy = () => saveCustomLoss(defaultState(), cauchy);

  it('adds a loss and opens it everywhere: the 2D views and its Curves group', () => {
    const state = withCauchy();
    expect(state.custom.map((c) => c.id)).toEqual(['my_cauchy']);
    expect(state.loss).toBe('my_cauchy');
    expect([state.x.variable, state.y.variable]).toEqual(['r', 'c']);
    expect(state.curves.family).toBe('regression');
    expect(state.curves.losses).toContain('my_cauchy');
    expect(customLossesOf(state).map((l) => l.id)).toEqual(['my_cauchy']);
    expectConsistent(state);
  });

  it('refuses a fifth loss and a specification that does not build', () => {
    let state = defaultState();
    for (const k of ['a', 'b', 'c', 'd']) state = saveCustomLoss(state, { ...cauchy, id: `my_${k}` });
    expect(state.custom).toHaveLength(4);
    expect(saveCustomLoss(state, { ...cauchy, id: 'my_e' })).toBe(state);
    expect(saveCustomLoss(defaultState(), { ...cauchy, formula: 'lg(r)' })).toEqual(defaultState());
    // Replacing one of the four is allowed.
    const edited = saveCustomLoss(state, { ...cauchy, id: 'my_b', formula: 'c^2 * log1p((r/c)^2)' }, 'my_b');
    expect(edited.custom.map((c) => c.id)).toEqual(['my_a', 'my_b', 'my_c', 'my_d']);
    expect(edited.custom[1]!.formula).toBe('c^2 * log1p((r/c)^2)');
  });

  it('edits a loss in place: new variables get fresh sliders, a new id follows everywhere', () => {
    let state = withCauchy();
    state = { ...state, params: { c: 5 } };
    const renamed = saveCustomLoss(
      state,
      {
        ...cauchy,
        id: 'my_cauchy2',
        formula: 'k * log1p((r/k)^2)',
        variables: [cauchy.variables[0]!, { ...cauchy.variables[1]!, name: 'k', default: 2 }],
      },
      'my_cauchy',
    );
    expect(renamed.custom.map((c) => c.id)).toEqual(['my_cauchy2']);
    expect(renamed.loss).toBe('my_cauchy2');
    expect(renamed.params).toEqual({});
    expect([renamed.x.variable, renamed.y.variable]).toEqual(['r', 'k']);
    expect(renamed.curves.losses).toContain('my_cauchy2');
    expect(renamed.curves.losses).not.toContain('my_cauchy');
    expect(renamed.curves.params.my_cauchy2).toEqual({ k: 2 });
    expectConsistent(renamed);
  });

  it('removes a loss: views that showed it fall back to their defaults', () => {
    const state = removeCustomLoss(withCauchy(), 'my_cauchy');
    expect(state.custom).toEqual([]);
    expect(state.loss).toBe(defaultState().loss);
    expect(state.curves.losses).not.toContain('my_cauchy');
    expectConsistent(state);
    // Its own Curves group goes with it.
    const own = openLoss(withCauchy(), 'my_cauchy', 'curves');
    const inOwnGroup = { ...own, curves: { ...own.curves, family: 'custom' as const } };
    expect(removeCustomLoss(inOwnGroup, 'my_cauchy').curves.family).toBe(defaultState().curves.family);
  });

  it('gives a loss that does not fit the plotted range a range it does fit', () => {
    const positive: CustomLossSpec = {
      id: 'my_pos',
      formula: 'r * log(r)',
      variables: [{ name: 'r', role: 'data', domain: '> 0', range: [0.01, 4] }],
    };
    let state = saveCustomLoss(defaultState(), positive);
    state = openLoss(state, 'huber', 'curves');
    state = toggleCurveLoss(state, 'my_pos');
    state = toggleCurveLoss(state, 'my_pos');
    expect(setCurveRange(state, -3, 3)).toBe(state);
    expect(state.curves.min).toBeGreaterThan(0);
    expectConsistent(state);
  });
});

describe('the editor’s draft', () => {
  const draft = (patch: Partial<Draft> = {}): Draft => ({ ...draftOf(cauchy), ...patch });

  it('builds the loss, with the live preview', () => {
    const check = checkDraft(draft(), []);
    expect('def' in check.result && check.result.def.id).toBe('my_cauchy');
    expect('tex' in check.preview && check.preview.tex).toContain('\\log');
  });

  it('underlines a formula error where it is, and offers to declare an unknown name', () => {
    const check = checkDraft(draft({ formula: '0.5 * c^2 * lg(1 + (r/x)^2)' }), []);
    expect(check.preview).toMatchObject({ field: 'formula', position: 12, length: 2 });
    expect('problem' in check.result && check.result.problem.field).toBe('formula');
    const unknown = checkDraft(draft({ formula: 'r^2 + x' }), []);
    expect(unknown.preview).toMatchObject({ position: 6, length: 1, unknownName: 'x' });
  });

  it('names the field core complains about', () => {
    const variables = draft().variables;
    const cases: [Partial<Draft>, string][] = [
      [{ id: 'Bad Id' }, 'id'],
      [{ id: 'huber' }, 'id'],
      [{ variables: [variables[0]!, { ...variables[1]!, domain: '> zero' }] }, 'variables[1].domain'],
      [{ variables: [variables[0]!, { ...variables[1]!, default: '-1' }] }, 'variables[1].default'],
      [{ variables: [variables[0]!, { ...variables[1]!, default: 'one' }] }, 'variables[1].default'],
      [{ variables: [variables[0]!, { ...variables[1]!, min: '-1' }] }, 'variables[1].range'],
      [{ variables: [...variables, { ...variables[1]!, name: 'k' }] }, 'variables[2].name'],
      [{ form: 'logit' }, 'form'],
    ];
    for (const [patch, field] of cases) {
      const check = checkDraft(draft(patch), []);
      expect('problem' in check.result && check.result.problem.field, field).toBe(field);
    }
  });

  it('keeps ids unique and the count at four', () => {
    expect('problem' in checkDraft(draft(), ['my_cauchy']).result).toBe(true);
    expect('def' in checkDraft(draft({ editing: 'my_cauchy' }), ['my_cauchy']).result).toBe(true);
    const four = ['my_a', 'my_b', 'my_c', 'my_d'];
    expect('problem' in checkDraft(draft(), four).result).toBe(true);
    expect(freeId('my_cauchy', ['my_cauchy', 'my_cauchy_2'])).toBe('my_cauchy_3');
    expect(freeId('huber', [])).toBe('huber_2');
  });

  it('turns text into numbers only where it reads as one', () => {
    const spec = specOfDraft(draft());
    expect(spec).toMatchObject({
      id: 'my_cauchy',
      variables: [{ range: [-5, 5] }, { default: 1, scale: 'log' }],
    });
  });

  it('offers every example, and catalog losses whose copies compute exactly what the catalog does', () => {
    for (const example of EXAMPLES) expect(() => buildCustomLoss(example.spec)).not.toThrow();
    const copies = copyableLosses();
    // 20 of 39: the rest carry edge regimes no formula spells (explicit partials, 2^k scale moves,
    // compensated sums, an f32 overflow test; issue 12) or print beyond the formula length limit.
    expect(copies.length).toBeGreaterThanOrEqual(20);
    expect(copies.map((l) => l.id)).toEqual(
      expect.arrayContaining(['mse', 'huber', 'logistic', 'bce', 'kl_gaussian']),
    );
    for (const loss of copies) expect(buildCustomLoss(copyOf(loss, `my_${loss.id}`)).expr).toBe(loss.expr);
  });
});

describe('where a custom formula is undefined', () => {
  const state = () => saveCustomLoss(defaultState(), logLoss);

  it('Curves count the points and say why, instead of dropping the curve', () => {
    const s = state();
    const catalog = lossesOf(s);
    const data = computeCurves({ ...s.curves, losses: ['my_log'], min: -2, max: 2 }, catalog, 41);
    const curve = data.curves[0]!;
    // r = -2 … -0.1 are undefined (20 points), r = 0 is -∞ (defined), r > 0 finite.
    expect(curve.undefinedPoints).toBe(20);
    expect(curve.reason).toMatch(/log of a negative number/);
    expect(Number.isFinite(curve.value[30]!)).toBe(true);
    // No slope is drawn where the value is undefined (the derivative's formula, 1/r, would give one).
    for (let k = 0; k < 20; k++) expect(curve.slope[k]).toBeNaN();
    expect(curve.slope[30]).toBeCloseTo(1 / data.xs[30]!, 12);
    expect(probeLoss({ ...s.curves, params: { my_log: { c: 1 } } }, catalog, 'my_log', -1)?.reason).toMatch(
      /log of a negative number/,
    );
  });

  it('sweeps count the cells, and the note names the first one and the failing part', () => {
    const s = { ...state(), resolution: 128 as const };
    const spec = sweepSpecOf(s, 16);
    const result = sweep(spec);
    expect(result.nanCount).toBeGreaterThan(0);
    const resolved = resolveSweep(spec);
    const summary = summarizeUndefined(
      lossesOf(s).get('my_log'),
      {
        spec,
        stats: sweepStats(result.data),
        x: axisCoordinates(resolved.x),
        y: axisCoordinates(resolved.y),
      },
      result.data,
    );
    expect(summary?.count).toBe(result.nanCount);
    expect(summary?.reason).toMatch(/log of a negative number \(-2\) in log\(r\)/);
    expect(summary?.at).toMatch(/^r = −2, c = /);
    expect(undefinedReason(lossesOf(s).get('my_log'), 'value', { r: -1, c: 0 })).toMatch(/negative/);
    expect(undefinedReason(lossesOf(s).get('my_log'), 'value', { r: 1, c: 0 })).toBeUndefined();
    // A partial where the value is undefined is undefined, for the same reason.
    expect(undefinedReason(lossesOf(s).get('my_log'), { partial: 'r' }, { r: -1, c: 0 })).toMatch(/negative/);
    expect(exactOutput(lossesOf(s).get('my_log'), { partial: 'r' }, { r: -1, c: 0 })).toBeUndefined();
    expect(exactOutput(lossesOf(s).get('my_log'), { partial: 'r' }, { r: 2, c: 0 })).toBe(0.5);
    // A partial's sweep has no NaN there (1/r is finite): the value under it is checked and explained.
    const partial = { ...spec, output: { partial: 'r' } };
    expect(sweep(partial).nanCount).toBe(0);
    const under = undefinedValueUnderPartial(lossesOf(s).get('my_log'), partial);
    expect(under?.share).toBe(0.5);
    expect(under?.reason).toMatch(/log of a negative number/);
    expect(undefinedValueUnderPartial(lossesOf(s).get('my_log'), spec)).toBeUndefined();
  });
});

describe('the CPU path', () => {
  it('sends a custom loss to its workers as a specification that rebuilds the same values', () => {
    const s = saveCustomLoss(defaultState(), myHuber);
    const spec = sweepSpecOf(s, 32);
    expect(typeof spec.loss).toBe('object');
    const wire = wireSpec(spec);
    expect(wire.spec.loss).toBe('my_huber');
    // What a worker receives survives structured cloning, and rebuilds a loss with the catalog's bits.
    const received = structuredClone(wire);
    const rebuilt: LossDef = buildCustomLoss(received.custom!);
    const mine = sweep({ ...received.spec, loss: rebuilt });
    const catalog = sweep({ ...received.spec, loss: 'huber' });
    expect(Array.from(mine.data)).toEqual(Array.from(catalog.data));
    // And the catalog's own losses still go by id.
    expect(wireSpec(sweepSpecOf(defaultState(), 8))).toEqual({ spec: sweepSpecOf(defaultState(), 8) });
  });

  it('re-typed Huber gives the catalog’s values and gradients at single points and in batches', () => {
    const mine = buildCustomLoss(myHuber);
    for (const point of [
      { r: 0.3, delta: 1 },
      { r: -2.5, delta: 0.7 },
      { r: 1e300, delta: 1e200 },
    ]) {
      expect(evaluate(mine, point)).toBe(evaluate('huber', point));
      expect(gradient(mine, point)).toEqual(gradient('huber', point));
    }
    const r = Float64Array.from({ length: 101 }, (_, k) => -5 + k / 10);
    expect(evaluateBatch(mine, { r, delta: 1.5 })).toEqual(evaluateBatch('huber', { r, delta: 1.5 }));
  });
});
