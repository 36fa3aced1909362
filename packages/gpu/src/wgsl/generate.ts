/**
 * WGSL modules from core's loss trees, by loss id: one readable function per
 * loss and output (wgsl/loss-function.ts), the prelude helpers it calls, and
 * an entry point of one of the programs (a sweep over two variables, or a
 * batch over columns; src/programs). Nothing about a particular loss is
 * written here.
 */
import {
  continuousVariables,
  findVariable,
  type LossRef,
  losses,
  type Output,
  resolveLoss,
} from '@losslab/core';
import { batchModule } from '../programs/batch.js';
import { sweepModule, sweepShader } from '../programs/sweep.js';
import { defaultLayout, type WriteLayout } from './layout.js';
import { lossFunction, type RegimeCode } from './loss-function.js';
import { preludeSource } from './prelude.js';

export type WgslEntry =
  | {
      readonly kind: 'sweep';
      readonly x: string;
      readonly y: string;
      readonly layout?: WriteLayout;
      readonly nx?: number;
      readonly regimes?: RegimeCode;
    }
  | { readonly kind: 'batch'; readonly scalars?: readonly string[] }
  | { readonly kind: 'none' };

/**
 * The WGSL for one loss output, with an entry point: by default a sweep over
 * the loss's default axes (a batch over every variable for losses with one).
 * Throws core's RangeErrors for an unknown loss, variable or output.
 */
export function generateWgsl(lossRef: LossRef, output: Output = 'value', entry?: WgslEntry): string {
  const loss = resolveLoss(lossRef);
  const fn = lossFunction(loss, output);
  const chosen: WgslEntry =
    entry ??
    (loss.defaultAxes.length === 2
      ? { kind: 'sweep', x: loss.defaultAxes[0], y: loss.defaultAxes[1] }
      : { kind: 'batch' });
  switch (chosen.kind) {
    case 'none':
      return `${preludeSource(fn.helpers)}\n\n${fn.source}\n`;
    case 'batch':
      for (const name of chosen.scalars ?? []) findVariable(loss, name);
      return batchModule({ loss, output, scalars: new Set(chosen.scalars ?? []) });
    case 'sweep': {
      const continuous = continuousVariables(loss);
      for (const name of [chosen.x, chosen.y]) {
        findVariable(loss, name);
        if (!continuous.includes(name))
          throw new RangeError(`${loss.id}: ${name} is discrete and cannot be an axis`);
      }
      if (chosen.x === chosen.y) throw new RangeError(`${loss.id}: both sweep axes are ${chosen.x}`);
      const layout = chosen.layout ?? defaultLayout;
      return sweepModule(
        sweepShader(loss, output, chosen.x, chosen.y, layout, chosen.nx ?? 4, chosen.regimes),
      );
    }
  }
}

/**
 * Every output of the given losses (ids or definitions; default: the whole
 * catalog) as one module without entry points. Function names come from the
 * ids: give definitions with distinct ids.
 */
export function generateWgslLibrary(refs: readonly LossRef[] = losses.map((l) => l.id)): string {
  const fns = refs.flatMap((ref) => {
    const loss = resolveLoss(ref);
    const outputs: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
    return outputs.map((o) => lossFunction(loss, o));
  });
  const helpers = new Set(fns.flatMap((f) => [...f.helpers]));
  return `${preludeSource(helpers)}\n\n${fns.map((f) => f.source).join('\n\n')}\n`;
}
