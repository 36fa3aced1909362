/**
 * The accuracy suite's rule on whatever GPU this machine has: every loss
 * output at the hard points (test/helpers/points.ts), through the engine's
 * evaluateBatch, against core at the same f32 inputs with the per-loss
 * tolerances of test/tolerances.ts. The test suite runs the same check on
 * SwiftShader; this runs it where vitest cannot (a GPU box without
 * node_modules). Speed is the bench's job (apps/bench); this only checks.
 *
 *   node packages/gpu/scripts/bundle-accuracy.mjs        # → .gpu/accuracy.mjs
 *   bash .gpu/run.sh .gpu/accuracy.mjs                   # on the GPU machine (carry .gpu)
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .gpu/accuracy.mjs --losses huber,focal
 *
 * Options: --losses a,b (default: all), --regimes branch|select (default branch).
 * Prints each mismatching output with an example, a summary and a
 * RESULT_JSON line; exits 1 when anything mismatches.
 */
import { continuousVariables, losses, type Output } from '@losslab/core';
import { create, globals } from 'webgpu';
import { createSweepEngine, type RegimeCode } from '../src/index.js';
import { compareOutputs } from '../test/helpers/compare.js';
import { hardPoints } from '../test/helpers/points.js';
import { toleranceAt } from '../test/tolerances.js';

Object.assign(globalThis, globals);

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : fallback;
};
const lossFilter = option('losses', '');
const regimes = option('regimes', 'branch');
if (regimes !== 'branch' && regimes !== 'select') throw new Error(`unknown regime code ${regimes}`);
const selected = lossFilter ? losses.filter((l) => lossFilter.split(',').includes(l.id)) : losses;

const instance = create([]);
const engine = await createSweepEngine({
  gpu: instance,
  powerPreference: 'high-performance',
  regimes: regimes as RegimeCode,
});
console.log(`losslab GPU accuracy  ${new Date().toISOString()}  node ${process.version}`);
console.log(
  `adapter: ${engine.adapter.description || `${engine.adapter.vendor} ${engine.adapter.architecture}`} (software ${engine.adapter.isSoftware})`,
);

const accuracy: { loss: string; output: string; checked: number; mismatches: number; example?: string }[] =
  [];
let bad = 0;
for (const loss of selected) {
  const outputs: Output[] = ['value', ...continuousVariables(loss).map((partial) => ({ partial }))];
  for (const output of outputs) {
    const columns = hardPoints(loss);
    const values = await engine.evaluateBatch(loss.id, columns, { output });
    const c = compareOutputs(loss, output, columns, values, toleranceAt(loss, output));
    const name = output === 'value' ? 'value' : `d/d${output.partial}`;
    const m = c.mismatches[0];
    accuracy.push({
      loss: loss.id,
      output: name,
      checked: c.checked,
      mismatches: c.mismatches.length,
      ...(m ? { example: `${m.why}: gpu ${m.gpu}, core ${m.ref} at ${JSON.stringify(m.point)}` } : {}),
    });
    if (c.mismatches.length) {
      bad++;
      console.log(
        `  ${loss.id} ${name}: ${c.mismatches.length} of ${c.checked} mismatch, e.g. ${accuracy.at(-1)!.example}`,
      );
    }
  }
}
console.log(`${accuracy.length - bad} of ${accuracy.length} loss outputs match core within tolerance`);
console.log(
  `RESULT_JSON ${JSON.stringify({ date: new Date().toISOString(), adapter: engine.adapter, accuracy })}`,
);
engine.destroy();
// Let Dawn finish tearing down before the process exits.
await new Promise((resolve) => setTimeout(resolve, 50));
void instance;
process.exit(bad ? 1 : 0);
