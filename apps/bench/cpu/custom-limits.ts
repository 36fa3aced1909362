/**
 * The worst cases the formula limits allow: adversarial formulas at or near
 * maxLength / maxDepth / maxNodes, timed from text to a definition, to the
 * compiled gradient (every partial), to the computed properties, and to a
 * 256² sweep of a partial. Run (in apps/bench, core built): pnpm exec tsx cpu/custom-limits.ts
 * (a measurement, not a test: the numbers go into the README).
 */
import {
  type CustomLossSpec,
  continuousVariables,
  customLoss,
  formulaLimits,
  gradient,
  sweep,
} from '@losslab/core';

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const variables: CustomLossSpec['variables'] = names.map((name, i) => ({
  name,
  role: i === 0 ? 'data' : 'hyperparameter',
  ...(i === 0 ? {} : { default: 0.5 }),
  domain: 'real',
  range: [-2, 2],
}));

const repeat = (n: number, f: (i: number) => string, sep: string) =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);
const nest = (depth: number, open: (i: number) => string, inner: string, close: string) =>
  `${repeat(depth, open, '')}${inner}${close.repeat(depth)}`;
const all = names.join(' + ');
const D = formulaLimits.maxDepth - 2;

const cases: Record<string, string> = {
  'nested max of all variables': `${nest(D - 2, (i) => `max(${names[i % 8]}, `, 'a', ')')} + ${all}`,
  'nested if': `${nest(D / 2 - 1, (i) => `if(a < ${names[i % 8]}, ${names[(i + 1) % 8]} * `, 'a', ', b)')} + ${all}`,
  'sum of distinct ifs': `${repeat(50, (i) => `if(a < ${i / 10}, ${names[i % 8]}, ${names[(i + 3) % 8]})`, ' + ')} + ${all}`,
  'products of all variables': `${repeat(190, (i) => names[i % 8]!, ' * ')} + ${all}`,
  'exp tower': `${nest(D - 1, () => 'exp(', 'a', ')')} + ${all}`,
  'power tower': `${repeat(D - 1, (i) => `${names[i % 8]}^`, '')}a + ${all}`,
  'logsumexp of all, nested': `${nest(20, () => `logsumexp(${names.join(', ')}, `, 'a', ')')}`,
  'long sum of squares': repeat(100, (i) => `${names[i % 8]}^2`, ' + '),
};

for (const [label, formula] of Object.entries(cases)) {
  const t0 = performance.now();
  let loss: ReturnType<typeof customLoss>;
  try {
    loss = customLoss({ id: 'worst', formula, variables });
  } catch (e) {
    console.log(`${label.padEnd(30)} refused: ${(e as Error).message.slice(0, 80)}`);
    continue;
  }
  const t1 = performance.now();
  gradient(loss, { a: 0.3 });
  const t2 = performance.now();
  void loss.properties;
  const t3 = performance.now();
  const partial = continuousVariables(loss)[1]!;
  sweep({
    loss,
    x: { variable: 'a', min: -2, max: 2, size: 256 },
    y: { variable: partial, min: -2, max: 2, size: 256 },
    output: { partial },
  });
  const t4 = performance.now();
  const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
  console.log(
    `${label.padEnd(30)} ${String(formula.length).padStart(5)} chars: define ${ms(t1 - t0)}, gradient (8 partials) ${ms(t2 - t1)}, properties ${ms(t3 - t2)}, 256² sweep of ∂/∂${partial} ${ms(t4 - t3)}`,
  );
}
