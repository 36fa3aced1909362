/**
 * The catalog contract: ../shared/loss-catalog.md transcribed by hand. The
 * ids, their order, the variable names, defaults and domains below ARE the
 * public API; the library must match them exactly.
 */
import { describe, expect, it } from 'vitest';
import {
  type Domain,
  evaluate,
  evaluateBatch,
  formatDomain,
  getLoss,
  gradient,
  inDomain,
  type LossFamily,
  losses,
  lossIds,
} from '../src/index.js';

/** "name" (required data), "name=default", each with a domain: real, [a,b], (a,b], [a,inf), {a,b}. */
type VariableSpec = readonly [name: string, domain: string, defaultValue?: number];

const R: VariableSpec = ['r', 'real'];
const M: VariableSpec = ['m', 'real'];
const LABEL: VariableSpec = ['y', '[0,1]', 1];
const LOGITS: VariableSpec[] = [
  ['z1', 'real'],
  ['z2', 'real'],
  ['z3', 'real'],
];
const OVERLAP: VariableSpec[] = [
  ['precision', '(0,1]'],
  ['recall', '(0,1]'],
];

const CONTRACT: readonly (readonly [id: string, family: LossFamily, variables: readonly VariableSpec[]])[] = [
  ['mse', 'regression', [R]],
  ['mae', 'regression', [R]],
  ['huber', 'regression', [R, ['delta', '(0,inf)', 1]]],
  ['smooth_l1', 'regression', [R, ['beta', '(0,inf)', 1]]],
  ['pseudo_huber', 'regression', [R, ['delta', '(0,inf)', 1]]],
  ['log_cosh', 'regression', [R]],
  ['quantile', 'regression', [R, ['tau', '[0,1]', 0.5]]],
  ['epsilon_insensitive', 'regression', [R, ['epsilon', '[0,inf)', 0.1]]],
  ['cauchy', 'regression', [R, ['c', '(0,inf)', 1]]],
  ['tukey', 'regression', [R, ['c', '(0,inf)', 4.685]]],
  ['general_robust', 'regression', [R, ['alpha', '[-1000,1000]', 1], ['c', '(0,inf)', 1]]],
  ['gaussian_nll', 'regression', [R, ['var', '(0,inf)', 1]]],
  [
    'poisson_nll',
    'regression',
    [
      ['z', 'real'],
      ['y', '[0,inf)', 1],
    ],
  ],
  ['zero_one', 'margin', [M]],
  ['hinge', 'margin', [M]],
  ['squared_hinge', 'margin', [M]],
  ['logistic', 'margin', [M]],
  ['exponential', 'margin', [M]],
  ['modified_huber', 'margin', [M]],
  ['bce', 'probability', [['p', '[0,1]'], LABEL]],
  ['bce_logits', 'probability', [['z', 'real'], LABEL]],
  ['mse_prob', 'probability', [['p', '[0,1]'], LABEL]],
  [
    'focal',
    'probability',
    [
      ['pt', '[0,1]'],
      ['gamma', '[0,inf)', 2],
      ['alpha', '[0,1]', 0.25],
    ],
  ],
  ['focal_logits', 'probability', [['z', 'real'], LABEL, ['gamma', '[0,inf)', 2], ['alpha', '[0,1]', 0.25]]],
  [
    'poly1',
    'probability',
    [
      ['pt', '[0,1]'],
      ['epsilon', '[-1,inf)', 1],
    ],
  ],
  ['softmax_ce', 'multiclass', [...LOGITS, ['smoothing', '[0,1)', 0]]],
  ['multiclass_hinge', 'multiclass', LOGITS],
  ['crammer_singer', 'multiclass', LOGITS],
  [
    'kl_bernoulli',
    'distribution',
    [
      ['p', '[0,1]'],
      ['q', '[0,1]'],
    ],
  ],
  [
    'js_bernoulli',
    'distribution',
    [
      ['p', '[0,1]'],
      ['q', '[0,1]'],
    ],
  ],
  [
    'kl_gaussian',
    'distribution',
    [
      ['mu', 'real'],
      ['sigma', '(0,inf)'],
    ],
  ],
  ['contrastive', 'embedding', [['d', '[0,inf)'], LABEL, ['margin', '[0,inf)', 1]]],
  [
    'triplet',
    'embedding',
    [
      ['dap', '[0,inf)'],
      ['dan', '[0,inf)'],
      ['margin', '[0,inf)', 1],
    ],
  ],
  [
    'cosine_embedding',
    'embedding',
    [
      ['cos', '[-1,1]'],
      ['y', '{-1,1}', 1],
      ['margin', '[-1,1]', 0],
    ],
  ],
  ['dice', 'segmentation', OVERLAP],
  ['jaccard', 'segmentation', OVERLAP],
  ['tversky', 'segmentation', [...OVERLAP, ['alpha', '[0,inf)', 0.5], ['beta', '[0,inf)', 0.5]]],
  ['gan_minimax', 'adversarial', [['d', '[0,1]']]],
  ['gan_nonsaturating', 'adversarial', [['d', '[0,1]']]],
];

/** The contract's domain notation as a Domain. */
function parseDomain(text: string): Domain {
  if (text === 'real') {
    return { kind: 'interval', min: -Infinity, max: Infinity, minInclusive: false, maxInclusive: false };
  }
  if (text.startsWith('{')) return { kind: 'set', values: text.slice(1, -1).split(',').map(Number) };
  const [lo, hi] = text.slice(1, -1).split(',') as [string, string];
  const max = hi === 'inf' ? Infinity : Number(hi);
  return {
    kind: 'interval',
    min: Number(lo),
    max,
    minInclusive: text.startsWith('['),
    maxInclusive: text.endsWith(']') && max !== Infinity,
  };
}

describe('the catalog contract', () => {
  it('has exactly the 39 ids of loss-catalog.md, in its order', () => {
    expect(CONTRACT).toHaveLength(39);
    expect(lossIds).toEqual(CONTRACT.map(([id]) => id));
  });

  it.each(CONTRACT)('%s: family, variable names, defaults and domains', (id, family, variables) => {
    const loss = getLoss(id);
    expect(loss.family).toBe(family);
    expect(loss.variables.map((v) => v.name)).toEqual(variables.map(([name]) => name));
    variables.forEach(([name, domain, defaultValue], i) => {
      const actual = loss.variables[i]!;
      expect(actual.domain, `${id}.${name} domain`).toEqual(parseDomain(domain));
      expect(actual.default, `${id}.${name} default`).toBe(defaultValue);
    });
  });
});

describe('metadata', () => {
  it.each(losses.map((l) => [l.id, l] as const))('%s has complete metadata', (_id, loss) => {
    for (const text of [loss.name, loss.tex, loss.use, loss.reference])
      expect(text.trim().length).toBeGreaterThan(0);
    expect(typeof loss.properties.convex).toBe('boolean');
    expect(typeof loss.properties.smooth).toBe('boolean');
    expect(typeof loss.properties.robust).toBe('boolean');
    const probabilistic = loss.properties.probabilistic;
    expect(probabilistic === null || (typeof probabilistic === 'string' && probabilistic.length > 0)).toBe(
      true,
    );
    for (const v of loss.variables) {
      expect(['data', 'hyper']).toContain(v.role);
      expect(v.label.trim().length, `${loss.id}.${v.name} label`).toBeGreaterThan(0);
      expect(v.symbol.trim().length, `${loss.id}.${v.name} symbol`).toBeGreaterThan(0);
      if (v.default !== undefined)
        expect(inDomain(v.domain, v.default), `${loss.id}.${v.name} default`).toBe(true);
      if (v.role === 'hyper')
        expect(v.default, `${loss.id}.${v.name}: hyperparameters have defaults`).toBeDefined();
      expect(['linear', 'log']).toContain(v.plot.scale);
      if (v.domain.kind === 'interval') {
        expect(v.plot.min, `${loss.id}.${v.name} plot range`).toBeLessThan(v.plot.max);
        expect(inDomain(v.domain, v.plot.min), `${loss.id}.${v.name} plot min`).toBe(true);
        expect(inDomain(v.domain, v.plot.max), `${loss.id}.${v.name} plot max`).toBe(true);
        if (v.plot.scale === 'log') expect(v.plot.min).toBeGreaterThan(0);
      }
    }
    const continuous = loss.variables.filter((v) => v.domain.kind === 'interval').map((v) => v.name);
    expect(loss.defaultAxes.length).toBe(Math.min(2, continuous.length));
    for (const axis of loss.defaultAxes) expect(continuous).toContain(axis);
  });

  it('uses the default axes the catalog asks for', () => {
    const axes = (id: string) => [...getLoss(id).defaultAxes];
    expect(axes('focal')).toEqual(['pt', 'gamma']);
    expect(axes('triplet')).toEqual(['dap', 'dan']);
    expect(axes('kl_bernoulli')).toEqual(['p', 'q']);
    expect(axes('dice')).toEqual(['precision', 'recall']);
    expect(axes('kl_gaussian')).toEqual(['mu', 'sigma']);
    expect(axes('softmax_ce')).toEqual(['z1', 'z2']);
  });
});

describe('bad input', () => {
  it.each([
    [() => evaluate('bce', { p: 1.5 }), /bce: p = 1\.5 is outside its domain \[0, 1\]/],
    [
      () => gradient('bce_logits', { z: Number.NaN }),
      /bce_logits: z = NaN is outside its domain any finite real/,
    ],
    [() => evaluate('focal', { pt: 0.5, gamma: -1 }), /focal: gamma = -1 is outside its domain \[0, ∞\)/],
    [
      () => evaluate('poly1', { pt: 0.5, epsilon: -2 }),
      /poly1: epsilon = -2 is outside its domain \[-1, ∞\)/,
    ],
    [
      () => evaluate('softmax_ce', { z1: 0, z2: 0, z3: 0, smoothing: 1 }),
      /softmax_ce: smoothing = 1 is outside its domain \[0, 1\)/,
    ],
    [
      () => evaluate('kl_bernoulli', { p: 0.5, q: -1e-300 }),
      /kl_bernoulli: q = -1e-300 is outside its domain \[0, 1\]/,
    ],
    [() => evaluate('kl_gaussian', { mu: 0 }), /kl_gaussian: missing variable sigma .*\(0, ∞\)/],
    [
      () => evaluate('kl_gaussian', { mu: 0, sigma: 0 }),
      /kl_gaussian: sigma = 0 is outside its domain \(0, ∞\)/,
    ],
    [
      () => evaluate('cosine_embedding', { cos: 0.5, y: 0 }),
      /cosine_embedding: y = 0 is outside its domain \{-1, 1\}/,
    ],
    [() => evaluate('triplet', { dap: 1, dan: 1, gamma: 1 }), /triplet: unknown variable 'gamma'/],
    [
      () => evaluate('dice', { precision: 0, recall: 0.5 }),
      /dice: precision = 0 is outside its domain \(0, 1\]/,
    ],
    [
      () => evaluate('tversky', { precision: 1, recall: 1, alpha: Number.POSITIVE_INFINITY }),
      /tversky: alpha = Infinity is outside its domain \[0, ∞\)/,
    ],
    [
      () => evaluate('gan_minimax', { d: 1.0000000000000002 }),
      /gan_minimax: d = 1\.0000000000000002 .*\[0, 1\]/,
    ],
    [
      () => evaluateBatch('js_bernoulli', { p: [0.1, 2], q: 0.5 }),
      /js_bernoulli: p = 2 is outside its domain \[0, 1\]/,
    ],
  ])('throws a RangeError naming the loss, the variable and its domain (%#)', (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('quotes domains the way the contract writes them', () => {
    expect(formatDomain(getLoss('dice').variables[0]!.domain)).toBe('(0, 1]');
    expect(formatDomain(getLoss('softmax_ce').variables[3]!.domain)).toBe('[0, 1)');
  });
});
