import { evaluate, evaluateBatch, gradient, reduce } from '@losslab/core';
import { describe, expect, it } from 'vitest';
import { findQuestion, MAX_SEED, QUESTIONS, type Variant } from '../src/practice';
import { parseAnswer, STANDARD_TOLERANCE, withinTolerance } from '../src/practice/check';
import { freshSeed, seededRandom } from '../src/practice/random';
import { applyShowMe } from '../src/practice/show-me';
import { setPracticeQuestion, setPracticeSeed } from '../src/state/actions';
import { defaultState } from '../src/state/defaults';
import { parseState, serializeState } from '../src/state/url';

const SEEDS = [0, 1, 2, 3, 7, 42, 1000, 65_537, 123_456_789, MAX_SEED];

type Data = Variant['data'];
const num = (data: Data, key: string) => data[key] as number;
const arr = (data: Data, key: string) => data[key] as readonly number[];
const clean = (x: number) => Number(x.toPrecision(12));
const mean = (id: string, rs: readonly number[]) =>
  reduce(evaluateBatch(id, { r: Float64Array.from(rs) }), 'mean') as number;
/** Logits with the true class (1-based) first, as core's softmax_ce wants them. */
const trueFirst = (z: readonly number[], k: number) => {
  const others = z.filter((_, i) => i !== k - 1);
  return { z1: z[k - 1]!, z2: others[0]!, z3: others[1]! };
};

/**
 * Each question's answers recomputed here from its variant's numbers with
 * core: numbers for number parts, the right option's index for choices.
 */
const EXPECTED: Readonly<Record<string, (data: Data) => readonly number[]>> = {
  'mse-mean': (d) => [
    mean(
      'mse',
      arr(d, 'predictions').map((p, k) => clean(p - arr(d, 'targets')[k]!)),
    ),
  ],
  'mse-point': (d) => {
    const r = clean(num(d, 'prediction') - num(d, 'target'));
    return [evaluate('mse', { r }), gradient('mse', { r }).r!];
  },
  'huber-values': (d) => {
    const delta = num(d, 'delta');
    const rs = arr(d, 'residuals');
    const huber = rs.map((r) => evaluate('huber', { r, delta }));
    return [...huber, evaluate('mse', { r: rs[2]! }) / huber[2]!];
  },
  'outlier-pull': (d) => [
    gradient('mse', { r: num(d, 'r') }).r!,
    gradient('huber', { r: num(d, 'r'), delta: num(d, 'delta') }).r!,
  ],
  'quantile-direction': (d) => {
    const tau = num(d, 'tau');
    const under = evaluate('quantile', { r: -num(d, 'miss'), tau });
    const over = evaluate('quantile', { r: num(d, 'miss'), tau });
    return [under, over, under > over ? 0 : over > under ? 1 : 2];
  },
  'smooth-l1-huber': (d) => {
    const smooth = evaluate('smooth_l1', { r: num(d, 'r'), beta: num(d, 'beta') });
    const huber = evaluate('huber', { r: num(d, 'r'), delta: num(d, 'beta') });
    return [smooth, huber, huber / smooth];
  },
  'outlier-mean': (d) => [mean('mse', arr(d, 'residuals')), mean('mae', arr(d, 'residuals'))],
  'ce-probabilities': (d) => [
    evaluate('softmax_ce', trueFirst(arr(d, 'probabilities').map(Math.log), num(d, 'trueClass'))),
  ],
  'ce-logits-gradient': (d) => {
    const vars = trueFirst(arr(d, 'logits'), num(d, 'trueClass'));
    const g = gradient('softmax_ce', vars);
    return [evaluate('softmax_ce', vars), g.z1!, g.z2!];
  },
  'focal-ratio': (d) => {
    const focal = (pt: number, gamma: number) => evaluate('focal', { pt, gamma });
    const [easy, hard, gamma] = [num(d, 'easy'), num(d, 'hard'), num(d, 'gamma')];
    return [focal(easy, gamma) / focal(hard, gamma), focal(easy, 0) / focal(hard, 0)];
  },
  'bce-vs-mse-sigmoid': (d) => {
    const [z, y] = [num(d, 'z'), num(d, 'y')];
    const p = Math.exp(-evaluate('bce_logits', { z, y: 1 }));
    const dpdz = -p * gradient('bce_logits', { z, y: 1 }).z!;
    return [gradient('bce_logits', { z, y }).z!, gradient('mse_prob', { p, y }).p! * dpdz];
  },
  'hinge-margin': (d) => {
    const m = num(d, 'label') * num(d, 'score');
    const value = evaluate('hinge', { m });
    const slope = gradient('hinge', { m }).m!;
    return [value, slope, value === 0 && slope === 0 ? 0 : 1];
  },
  'logistic-margin': (d) => [
    evaluate('logistic', { m: num(d, 'm') }),
    gradient('logistic', { m: num(d, 'm') }).m!,
  ],
  'bce-value': (d) => [
    evaluate('bce', { p: num(d, 'p'), y: num(d, 'y') }),
    evaluate('bce', { p: num(d, 'p'), y: 1 - num(d, 'y') }),
  ],
};

const answersOf = (variant: Variant) => variant.parts.map((p) => (p.kind === 'number' ? p.value : p.correct));

describe('Practice questions', () => {
  it('number at least twelve, across regression and classification, with unique ids', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
    expect(QUESTIONS.filter((q) => q.topic === 'regression').length).toBeGreaterThanOrEqual(5);
    expect(QUESTIONS.filter((q) => q.topic === 'classification').length).toBeGreaterThanOrEqual(5);
    // Every question is checked below, and every check belongs to a question.
    expect(Object.keys(EXPECTED).sort()).toEqual(QUESTIONS.map((q) => q.id).sort());
  });

  for (const question of QUESTIONS) {
    it(`${question.id}: every answer equals core's value for several seeds`, () => {
      for (const seed of SEEDS) {
        const variant = question.make(seed);
        expect(answersOf(variant), `${question.id} seed ${seed}`).toEqual(
          EXPECTED[question.id]!(variant.data),
        );
        for (const part of variant.parts) {
          if (part.kind === 'number') {
            expect(Number.isFinite(part.value), `${part.id} is finite`).toBe(true);
            expect(withinTolerance(part.value, part.value, part.tolerance)).toBe(true);
          } else {
            expect(part.correct).toBeGreaterThanOrEqual(0);
            expect(part.correct).toBeLessThan(part.options.length);
          }
        }
        // The same seed gives the same question (a shared link shows the same numbers).
        expect(question.make(seed)).toEqual(variant);
        expect(variant.prompt.length).toBeGreaterThan(20);
        expect(variant.worked.length).toBeGreaterThan(1);
      }
    });

    it(`${question.id}: new seeds give new numbers`, () => {
      const prompts = new Set(SEEDS.map((seed) => question.make(seed).prompt));
      expect(prompts.size).toBeGreaterThan(SEEDS.length / 2);
    });

    it(`${question.id}: “show me” opens a valid Curves or Heatmap state with the question's values`, () => {
      for (const seed of SEEDS.slice(0, 5)) {
        const show = question.make(seed).showMe;
        const state = applyShowMe(defaultState(), show);
        expect(state.view).toBe(show.view);
        // A link to it reads back as the same state, with nothing dropped.
        const again = parseState(serializeState(state));
        expect(again.notices).toEqual([]);
        expect(again.state).toEqual(state);
        if (show.view === 'curves') {
          expect(state.curves.family).toBe(show.family);
          expect(state.curves.losses).toEqual(show.losses);
          expect(state.curves.probe).toBe(show.probe);
          for (const [id, values] of Object.entries(show.params ?? {}))
            for (const [name, value] of Object.entries(values))
              expect(state.curves.params[id]?.[name]).toBe(value);
          if (show.range) expect([state.curves.min, state.curves.max]).toEqual([...show.range]);
        } else {
          expect(state.loss).toBe(show.loss);
          expect(state.x).toEqual(show.x);
          expect(state.y).toEqual(show.y);
          for (const [name, value] of Object.entries(show.params ?? {}))
            expect(state.params[name]).toBe(value);
          expect(state.output).toEqual(show.output ?? 'value');
        }
      }
    });
  }

  it('seed 0 gives the textbook numbers', () => {
    const values = (id: string) => answersOf(findQuestion(id)!.make(0));
    expect(values('mse-mean')[0]).toBeCloseTo(4 / 3, 14);
    const [mse, slope] = values('mse-point');
    expect(mse).toBeCloseTo(1.44, 14);
    expect(slope).toBeCloseTo(2.4, 14);
    expect(values('huber-values')).toEqual([0.125, 1.5, 4.5, 25 / 4.5]);
    expect(values('quantile-direction')).toEqual([1.8, evaluate('quantile', { r: 2, tau: 0.9 }), 0]);
    expect(values('ce-probabilities')[0]).toBeCloseTo(-Math.log(0.7), 14);
    const [focal, plain] = values('focal-ratio');
    expect(focal).toBeCloseTo((0.01 * Math.log(0.9)) / (0.25 * Math.log(0.5)), 14);
    expect(plain).toBeCloseTo(Math.log(0.9) / Math.log(0.5), 14);
    expect(values('hinge-margin')).toEqual([0, 0, 0]);
    // BCE's gradient on the logit is ~28× MSE's at z = −4 with y = 1.
    const [bce, mseSigmoid] = values('bce-vs-mse-sigmoid');
    expect(bce! / mseSigmoid!).toBeGreaterThan(20);
  });
});

describe('answers', () => {
  it('are read as people type them', () => {
    expect(parseAnswer('1.44')).toBe(1.44);
    expect(parseAnswer(' \u22120.5 ')).toBe(-0.5);
    expect(parseAnswer('+2e-3')).toBe(0.002);
    expect(parseAnswer('3/4')).toBe(0.75);
    expect(parseAnswer('-1 / 8')).toBe(-0.125);
    for (const bad of ['', 'abc', '1,5', '1/0', '0x10', 'Infinity', '1e999', '2/3/4', '<b>1</b>'])
      expect(parseAnswer(bad), bad).toBeUndefined();
  });

  it('count within the stated tolerance and not beyond it', () => {
    expect(withinTolerance(1.4328, 1.44, STANDARD_TOLERANCE)).toBe(true);
    expect(withinTolerance(1.43, 1.44, STANDARD_TOLERANCE)).toBe(false);
    expect(withinTolerance(0, 0, STANDARD_TOLERANCE)).toBe(true);
    expect(withinTolerance(0.001, 0, STANDARD_TOLERANCE)).toBe(false);
    for (const question of QUESTIONS) {
      for (const part of question.make(5).parts) {
        if (part.kind !== 'number' || part.value === 0) continue;
        const slack = Math.max(part.tolerance.abs, part.tolerance.rel * Math.abs(part.value));
        expect(withinTolerance(part.value + 0.9 * slack, part.value, part.tolerance)).toBe(true);
        expect(withinTolerance(part.value - 1.5 * slack, part.value, part.tolerance)).toBe(false);
      }
    }
  });
});

describe('Practice state', () => {
  it('keeps the question and seed in the URL', () => {
    const state = setPracticeSeed(setPracticeQuestion(defaultState(), 'focal-ratio'), 987_654);
    const search = serializeState({ ...state, view: 'practice' });
    const again = parseState(search);
    expect(again.notices).toEqual([]);
    expect(again.state.practice).toEqual({ question: 'focal-ratio', seed: 987_654 });
    expect(again.state.view).toBe('practice');
  });

  it('falls back with a notice on hostile input, never a crash', () => {
    for (const [query, notice] of [
      ['view=practice&pq=<script>alert(1)</script>', 'unknown question'],
      ['view=practice&pq=__proto__', 'unknown question'],
      ['view=practice&ps=-1', 'not a whole number'],
      ['view=practice&ps=1.5', 'not a whole number'],
      ['view=practice&ps=99999999999', 'not a whole number'],
      ['view=practice&ps=<img src=x onerror=alert(1)>', 'not a whole number'],
    ] as const) {
      const { state, notices } = parseState(query);
      expect(notices.join(' '), query).toContain(notice);
      expect(findQuestion(state.practice.question)).toBeDefined();
      expect(Number.isInteger(state.practice.seed)).toBe(true);
      expect(state.practice.seed).toBeGreaterThanOrEqual(0);
    }
  });

  it('changes only to known questions and seeds in range; a new question starts at seed 0', () => {
    const state = setPracticeSeed(defaultState(), 5);
    expect(setPracticeQuestion(state, 'nope')).toBe(state);
    expect(setPracticeSeed(state, -1)).toBe(state);
    expect(setPracticeSeed(state, MAX_SEED + 1)).toBe(state);
    expect(setPracticeQuestion(state, 'bce-value').practice).toEqual({ question: 'bce-value', seed: 0 });
  });

  it('draws seeds deterministically, and fresh ones in range', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    for (let k = 0; k < 20; k++) expect(a.next()).toBe(b.next());
    for (let k = 0; k < 50; k++) {
      const seed = freshSeed();
      expect(seed).toBeGreaterThanOrEqual(1);
      expect(seed).toBeLessThanOrEqual(MAX_SEED);
    }
  });
});
