/**
 * What a run must have measured, so that a backend that should run but was
 * skipped (the GPU rows of a bench whose @losslab/gpu did not load, say) is a
 * failure, never a quiet pass.
 *
 * Which backends may legitimately skip, and why:
 * - cpu1, cpuN, js, tfjs-cpu, tfjs-wasm: never. They need nothing but a
 *   JavaScript runtime, so they run everywhere.
 * - gpu, gpu-readback, tfjs-webgpu: only where the runtime has no WebGPU
 *   adapter at all. A software adapter counts as one (SwiftShader in CI:
 *   correct, if slow), so there they must run.
 * - torch-cuda: always, in this process. PyTorch needs CUDA and Python; its
 *   peer script (scripts/torch_peer.py) runs beside the bench on a GPU box
 *   and is merged afterwards.
 * And for any backend, a case over the size limit the run asked for
 * ('size-limit') is not a defect. The same holds for the landscape suite's
 * rows (loss × size × data points), where a GPU run must also come with the
 * device's f32 peak and each GPU row with its fraction of it.
 */
import type { BackendId, BenchResult, SkipKind } from './types.js';

/** The backends that must measure every case on a machine with (or without) a WebGPU adapter. */
export function requiredBackends(machine: { readonly webgpuAdapter: boolean }): BackendId[] {
  const everywhere: BackendId[] = ['cpu1', 'cpuN', 'js', 'tfjs-cpu', 'tfjs-wasm'];
  return machine.webgpuAdapter ? [...everywhere, 'gpu', 'gpu-readback', 'tfjs-webgpu'] : everywhere;
}

export interface Expectations {
  /** Backends that must measure every requested case. */
  readonly required: readonly BackendId[];
  /** Skips that are fine even for a required backend (default: 'size-limit' only). */
  readonly allowedSkips?: readonly SkipKind[];
}

/** The fields both suites' rows share, which the coverage checks read. */
type Measured = Pick<
  BenchResult['measurements'][number],
  'backend' | 'status' | 'skip' | 'reason' | 'time' | 'checksum'
>;

/**
 * Everything wrong with a run's coverage, one line each (empty when it is
 * complete): a required backend that was requested but skipped for a reason
 * not allowed, or missing a case; any failed measurement; any measurement
 * whose values disagree with core's; a required GPU without an adapter or
 * fill baselines.
 */
export function coverageProblems(result: BenchResult, expect: Expectations): string[] {
  const problems: string[] = [];
  const allowed = new Set<SkipKind>(expect.allowedSkips ?? ['size-limit']);
  const requested = new Set(result.options.backends);
  const required = expect.required.filter((b) => requested.has(b));
  /** What is wrong with one row of either suite: failed, skipped where it should run, untimed, or wrong. */
  const rowProblems = (at: string, m: Measured): void => {
    if (m.status === 'failed') problems.push(`${at}: failed: ${m.reason ?? 'no reason given'}`);
    if (m.status === 'skipped' && required.includes(m.backend) && !(m.skip && allowed.has(m.skip)))
      problems.push(
        `${at}: skipped (${m.skip ?? 'no kind'}) but this machine should run it: ${m.reason ?? ''}`,
      );
    if (m.status === 'ok') {
      if (!(m.time && m.time.medianMs > 0)) problems.push(`${at}: no positive time`);
      // 'gpu' writes into a buffer and reads nothing back; every other backend's values are checked.
      if (m.backend !== 'gpu' && !m.checksum?.ok)
        problems.push(`${at}: values disagree with core: ${JSON.stringify(m.checksum ?? 'no checksum')}`);
    }
  };
  for (const m of result.measurements) rowProblems(`${m.backend} ${m.loss} ${m.size}²`, m);
  for (const backend of required) {
    for (const loss of result.options.losses) {
      for (const size of result.options.sizes) {
        if (!result.measurements.some((m) => m.backend === backend && m.loss === loss && m.size === size))
          problems.push(`${backend} ${loss} ${size}²: not measured at all`);
      }
    }
  }
  const land = result.options.landscape;
  if (land) {
    const rows = result.landscapes ?? [];
    for (const m of rows) {
      const at = `${m.backend} landscape ${m.loss} ${m.size}² n=${m.n}`;
      rowProblems(at, m);
      if (
        m.status === 'ok' &&
        m.backend === 'gpu' &&
        !(m.flopsPerEval && m.peakFraction && m.peakFraction > 0)
      )
        problems.push(`${at}: no flops per evaluation or fraction of the f32 peak`);
    }
    for (const backend of required)
      for (const loss of land.losses)
        for (const size of land.sizes)
          for (const n of land.ns)
            if (!rows.some((m) => m.backend === backend && m.loss === loss && m.size === size && m.n === n))
              problems.push(`${backend} landscape ${loss} ${size}² n=${n}: not measured at all`);
    if (required.includes('gpu') && !(result.peak && result.peak.flopsPerSec > 0))
      problems.push(`no f32 peak for the landscape rows: ${result.peak?.reason ?? 'not estimated'}`);
  }
  if (required.includes('gpu')) {
    if (!result.adapter)
      problems.push(`no GPU adapter in the result: ${result.adapterReason ?? 'no reason given'}`);
    for (const size of result.options.losses.length ? result.options.sizes : []) {
      const fill = result.fills.find((f) => f.size === size);
      if (!(fill?.bestMs && fill.bestMs > 0))
        problems.push(`fill baseline at ${size}²: ${fill?.reason ?? 'not measured'}`);
    }
  }
  return problems;
}
