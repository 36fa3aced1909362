/**
 * A term as a function of the model output s alone (y and the
 * hyperparameters given), compiled: its first and second derivatives in s,
 * for the analyses of fitModel (how terms behave far out, and where they
 * curve).
 */
import type { LossDef } from '../../catalog/types.js';
import * as jsHelpers from '../../compile/js-helpers.js';
import { jsTarget } from '../../compile/js-target.js';
import { Differentiator } from '../../expr/diff.js';
import type { Expr } from '../../expr/nodes.js';
import { cpuPrimitives } from '../../expr/primitives.js';
import { emitProgram } from '../../expr/schedule.js';
import { modelVariables, outputVariable } from '../forms.js';
import type { ResolvedModel } from '../model.js';

/** f(s, y, hyperparameters). */
export type OfS = (s: number, y: number, hyper: readonly number[]) => number;

const ident = (name: string): string => `v_${name}`;

function compile(model: ResolvedModel, e: Expr): OfS {
  const program = emitProgram([e], jsTarget(ident));
  const hyper = model.term.hyper.map((h, i) => `const ${ident(h.name)} = hyper[${i}];`).join('\n');
  const body = `const ${ident(outputVariable)} = s; const ${ident(modelVariables.y)} = y;
${hyper}
${program.levels.flat().join('\n')}
return ${program.outputs[0]};`;
  return new Function('P', 'H', `return function (s, y, hyper) {\n${body}\n};`)(
    cpuPrimitives,
    jsHelpers,
  ) as OfS;
}

const cache = new WeakMap<LossDef, { slope: OfS; curvature: OfS }>();

function derivatives(model: ResolvedModel): { slope: OfS; curvature: OfS } {
  let entry = cache.get(model.loss);
  if (!entry) {
    const d = new Differentiator([outputVariable]);
    const first = d.diff(model.term.ofS, outputVariable);
    const slope = compile(model, first);
    let curvature: OfS;
    try {
      curvature = compile(model, d.diff(first, outputVariable));
    } catch {
      // No symbolic second derivative (exprel's): central differences of the exact slope.
      curvature = (s, y, hyper) => {
        const h = 1e-5 * Math.max(1, Math.abs(s));
        return (slope(s + h, y, hyper) - slope(s - h, y, hyper)) / (2 * h);
      };
    }
    entry = { slope, curvature };
    cache.set(model.loss, entry);
  }
  return entry;
}

/** dℓ/ds. */
export function slopeOf(model: ResolvedModel): OfS {
  return derivatives(model).slope;
}

/** d²ℓ/ds². */
export function curvatureOf(model: ResolvedModel): OfS {
  return derivatives(model).curvature;
}
