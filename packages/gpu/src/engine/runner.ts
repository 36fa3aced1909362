/**
 * The generic runner of declared programs (src/programs): pipelines cached
 * by program key, uniforms packed from each program's typed layout, buffers
 * from the pool, every step inside error scopes, and one way to submit, read
 * back and time work. Engine methods describe *what* to run (a `build`
 * callback records dispatches, copies and clears); this file owns *how*: the
 * scope/submit/map/release sequence and what happens to buffers when the GPU
 * reports a failure.
 *
 * Buffer lifetimes. `scratch` buffers (uniforms, uploads, accumulators) go
 * back to the pool right after the submission that uses them: WebGPU queues
 * any later write to them behind that work. `output` buffers belong to the
 * caller until it calls `release()`. When the GPU reports an error, every
 * buffer of the work is destroyed instead (any of them may be the allocation
 * that failed), except outputs the caller already released, and pipelines
 * that failed validation are forgotten so the next use reports it again.
 */
import { GpuError } from '../errors.js';
import type { GridProgram, Program } from '../programs/program.js';
import type { FieldSpecs, StructValues } from '../wgsl/struct.js';
import { BufferUsage, MapMode } from './flags.js';
import type { DeviceLifecycle } from './lifecycle.js';
import type { PipelineCache } from './pipelines.js';
import { planTiles, type Tile } from './plan.js';
import type { BufferPool } from './pool.js';
import { scoped } from './scope.js';
import { summarize, type TimeSweepResult } from './timing.js';

export const USAGE = {
  /** A kernel's output: written by the kernel, read back or bound by renderers, cleared by benchmarks. */
  grid: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
  input: BufferUsage.STORAGE | BufferUsage.COPY_DST,
  uniform: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
  readback: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
} as const;

/** Data `queue.writeBuffer` takes. */
export type HostData = Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | ArrayBuffer;

/** What a build callback records; nothing runs until the work is submitted. */
export interface Recorder {
  /** A pooled buffer that lives as long as the work. */
  scratch(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer;
  /** A pooled buffer handed to the caller (see `Submitted.release`). */
  output(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer;
  /** A scratch buffer holding `data`. */
  upload(data: HostData, usage: GPUBufferUsageFlags, label: string): GPUBuffer;
  /** Writes `data` at the start of a buffer (queued before the work). */
  write(buffer: GPUBuffer, data: HostData): void;
  /** One compute pass of `program`: its uniforms packed from `params`, its storage bindings in order. */
  dispatch<S extends FieldSpecs, E>(
    program: Program<S, E>,
    params: StructValues<S>,
    storage: readonly GPUBuffer[],
    extent: E,
  ): void;
  clear(buffer: GPUBuffer, bytes: number): void;
  /** Copies bytes of a buffer into a staging buffer whose contents `fetch` returns (fetch only). */
  readBack(source: GPUBuffer, offset: number, bytes: number): void;
}

type Op =
  | {
      readonly kind: 'pass';
      readonly pipeline: GPUComputePipeline;
      readonly bindGroup: GPUBindGroup;
      readonly workgroups: readonly [number, number];
    }
  | {
      readonly kind: 'copy';
      readonly source: GPUBuffer;
      readonly offset: number;
      readonly target: GPUBuffer;
      readonly bytes: number;
    }
  | { readonly kind: 'clear'; readonly buffer: GPUBuffer; readonly bytes: number };

/** Recorded work: its buffers acquired, uniforms written, pipelines compiled; not yet submitted. */
interface Recording<T> {
  readonly label: string;
  readonly value: T;
  /** Rejects with a GpuError if recording raised one (out-of-memory, validation). */
  readonly errors: Promise<void>;
  readonly ops: readonly Op[];
  readonly scratch: readonly GPUBuffer[];
  readonly outputs: readonly GPUBuffer[];
  readonly readBacks: readonly { readonly staging: GPUBuffer; readonly bytes: number }[];
  /** Keys of the programs it dispatches. */
  readonly programs: ReadonlySet<string>;
  readonly passes: number;
}

/** Submitted work whose outputs the caller holds. */
export interface Submitted<T> {
  readonly value: T;
  /** Settles when the GPU accepted the work; rejects with a GpuError (out-of-memory, device-lost, validation). */
  readonly ready: Promise<void>;
  /** Returns the outputs to the pool (once; later calls do nothing). */
  release(): void;
}

/**
 * A buffer that outlives any one submission: uploaded once, bound by many
 * dispatches, rewritten in place where it changes (a landscape's dataset,
 * where dragging one point rewrites that point's bytes, not the dataset).
 */
export interface ResidentBuffer {
  readonly buffer: GPUBuffer;
  /** Bytes of data it holds (the pooled buffer may be larger). */
  readonly byteLength: number;
  /** Settles when the upload was accepted; rejects with a GpuError (out-of-memory, validation). */
  readonly ready: Promise<void>;
  /** Overwrites bytes from `byteOffset` (a multiple of 4); queued behind work already submitted. */
  write(byteOffset: number, data: HostData): void;
  /** Returns it to the pool; it must not be used afterwards. */
  release(): void;
}

export interface TimingOptions {
  /** Timed runs (each: every pass of the work once). */
  readonly repetitions: number;
  /** Also time `batch` runs encoded into one submission, `repetitions` times: wall clock per run. */
  readonly batch?: number;
}

/** A query set holds at most 4096 timestamps. */
const MAX_TIMESTAMPS = 4096;

export class Runner {
  constructor(
    readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly pipelines: PipelineCache,
    private readonly lifecycle: DeviceLifecycle,
    /** The per-dimension workgroup limit programs dispatch within. */
    readonly maxPerDimension: number,
    /** The largest buffer one binding may hold: grids beyond it are tiled. */
    readonly maxBindingBytes: number,
  ) {}

  /** Whole-row tiles of an nx × ny grid for a grid program: each one buffer binding and one dispatch. */
  tiles<S extends FieldSpecs>(program: GridProgram<S>, nx: number, ny: number): Tile[] {
    return planTiles(nx, ny, this.maxBindingBytes, program.maxRows(this.maxPerDimension));
  }

  /** Records and submits work; its outputs are the caller's until `release()`. */
  run<T>(label: string, build: (r: Recorder) => T): Submitted<T> {
    return this.start(this.record(label, build));
  }

  /** Uploads `data` into a pooled buffer that the caller keeps (see ResidentBuffer). */
  resident(data: HostData, usage: GPUBufferUsageFlags, label: string): ResidentBuffer {
    const submitted = this.run(label, (r) => {
      const buffer = r.output(data.byteLength, usage, label);
      r.write(buffer, data);
      return buffer;
    });
    const buffer = submitted.value;
    let released = false;
    return {
      buffer,
      byteLength: data.byteLength,
      ready: submitted.ready,
      write: (byteOffset, bytes) => {
        if (released) throw new Error(`${label}: write() after release()`);
        if (byteOffset % 4 !== 0 || byteOffset < 0 || byteOffset + bytes.byteLength > data.byteLength)
          throw new RangeError(
            `${label}: ${bytes.byteLength} bytes at ${byteOffset} do not fit its ${data.byteLength}`,
          );
        this.device.queue.writeBuffer(buffer, byteOffset, bytes);
      },
      release: () => {
        released = true;
        submitted.release();
      },
    };
  }

  /** Runs work that reads back (`Recorder.readBack`) and returns the bytes read, in order. */
  async fetch(label: string, build: (r: Recorder) => void): Promise<ArrayBuffer[]> {
    const work = this.record(label, build);
    const submitted = this.start(work);
    const results: ArrayBuffer[] = [];
    try {
      for (const { staging, bytes } of work.readBacks) {
        const mapped = staging.mapAsync(MapMode.READ, 0, bytes);
        mapped.catch(() => {});
        // The work's own error first: when it failed, its staging buffers are destroyed and the map
        // aborts, which would otherwise race it and report a failed allocation as a bare abort.
        await this.lifecycle.guard(submitted.ready);
        await this.lifecycle.guard(mapped);
        results.push(staging.getMappedRange(0, bytes).slice(0));
        staging.unmap();
      }
    } catch (error) {
      for (const { staging } of work.readBacks) this.pool.discard(staging);
      throw error;
    }
    submitted.release();
    return results;
  }

  /**
   * Times recorded work: each run is every pass of it once. With
   * 'timestamp-query', a run's time is the sum of its passes' GPU timestamps
   * (all runs in one submission); otherwise (or for work without passes) the
   * wall clock of one submission each, waited for. A warm-up run goes first.
   */
  async time(label: string, build: (r: Recorder) => void, options: TimingOptions): Promise<TimeSweepResult> {
    const { repetitions, batch } = options;
    if (!Number.isInteger(repetitions) || repetitions < 1)
      throw new RangeError('repetitions must be an integer ≥ 1');
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1))
      throw new RangeError('batch must be an integer ≥ 1');
    const work = this.record(label, build);
    let failure: unknown;
    try {
      await this.lifecycle.guard(work.errors);
      // Warm-up: the first dispatch may include the driver's own compilation.
      await this.submitAndWait(work, 1);
      const samples =
        this.device.features.has('timestamp-query') && work.passes > 0
          ? await this.timestampSamples(work, repetitions)
          : await this.wallSamples(work, repetitions, 1);
      const result: TimeSweepResult = summarize(samples.ms, samples.method);
      if (batch === undefined) return result;
      const batched = await this.wallSamples(work, repetitions, batch);
      return { ...result, batched: { ...summarize(batched.ms, 'wall'), runs: batch } };
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      if (failure === undefined) for (const b of [...work.scratch, ...work.outputs]) this.pool.release(b);
      else this.failed(work, failure, { scratchReleased: false, outputsHeld: true });
    }
  }

  // ---------------------------------------------------------------- recording

  private record<T>(label: string, build: (r: Recorder) => T): Recording<T> {
    const ops: Op[] = [];
    const scratch: GPUBuffer[] = [];
    const outputs: GPUBuffer[] = [];
    const readBacks: { staging: GPUBuffer; bytes: number }[] = [];
    const programs = new Set<string>();
    const acquire = (list: GPUBuffer[], bytes: number, usage: GPUBufferUsageFlags, name: string) => {
      const b = this.pool.acquire(bytes, usage, name);
      list.push(b);
      return b;
    };
    const recorder: Recorder = {
      scratch: (bytes, usage, name) => acquire(scratch, bytes, usage, name),
      output: (bytes, usage, name) => acquire(outputs, bytes, usage, name),
      upload: (data, usage, name) => {
        const b = acquire(scratch, data.byteLength, usage, name);
        this.device.queue.writeBuffer(b, 0, data);
        return b;
      },
      write: (buffer, data) => this.device.queue.writeBuffer(buffer, 0, data),
      dispatch: (program, params, storage, extent) => {
        const pipeline = this.pipelines.get(program);
        programs.add(program.key);
        const uniforms = acquire(scratch, program.params.size, USAGE.uniform, `${program.label} params`);
        this.device.queue.writeBuffer(uniforms, 0, program.params.pack(params));
        const bindGroup = this.pipelines.bindGroup(program, uniforms, storage);
        ops.push({
          kind: 'pass',
          pipeline,
          bindGroup,
          workgroups: program.workgroups(extent, this.maxPerDimension),
        });
      },
      clear: (buffer, bytes) => {
        ops.push({ kind: 'clear', buffer, bytes });
      },
      readBack: (source, offset, bytes) => {
        const staging = acquire(outputs, bytes, USAGE.readback, `${label} readback`);
        readBacks.push({ staging, bytes });
        ops.push({ kind: 'copy', source, offset, target: staging, bytes });
      },
    };
    const { value, errors } = scoped(this.device, () => {
      try {
        return build(recorder);
      } catch (error) {
        // Nothing was submitted: the buffers go back (destroyed, in case one is a failed allocation).
        for (const b of [...scratch, ...outputs]) this.pool.discard(b);
        throw error;
      }
    });
    const passes = ops.filter((op) => op.kind === 'pass').length;
    return { label, value, errors, ops, scratch, outputs, readBacks, programs, passes };
  }

  private start<T>(work: Recording<T>): Submitted<T> {
    const sent = this.submit(work, 1);
    // Queued work keeps reading these; later writes to them queue behind it.
    for (const b of work.scratch) this.pool.release(b);
    let released = false;
    const ready = this.lifecycle.guard(Promise.all([work.errors, sent]).then(() => {})).catch((error) => {
      this.failed(work, error, { scratchReleased: true, outputsHeld: !released });
      throw error;
    });
    ready.catch(() => {});
    return {
      value: work.value,
      ready,
      release: () => {
        if (released) return;
        released = true;
        for (const b of work.outputs) this.pool.release(b);
      },
    };
  }

  /** Encodes every op of the work; passes write timestamps `first`, `first + 1`, … when given a query set. */
  private encode(
    work: Recording<unknown>,
    encoder: GPUCommandEncoder,
    timestamps?: { querySet: GPUQuerySet; first: number },
  ): void {
    let pass = 0;
    for (const op of work.ops) {
      if (op.kind === 'copy') encoder.copyBufferToBuffer(op.source, op.offset, op.target, 0, op.bytes);
      else if (op.kind === 'clear') encoder.clearBuffer(op.buffer, 0, op.bytes);
      else {
        const at = timestamps ? timestamps.first + 2 * pass : 0;
        const compute = encoder.beginComputePass(
          timestamps
            ? {
                timestampWrites: {
                  querySet: timestamps.querySet,
                  beginningOfPassWriteIndex: at,
                  endOfPassWriteIndex: at + 1,
                },
              }
            : {},
        );
        compute.setPipeline(op.pipeline);
        compute.setBindGroup(0, op.bindGroup);
        compute.dispatchWorkgroups(op.workgroups[0], op.workgroups[1]);
        compute.end();
        pass++;
      }
    }
  }

  /** Submits `runs` copies of the work in one command buffer; resolves when the GPU accepted it. */
  private submit(work: Recording<unknown>, runs: number): Promise<void> {
    const { errors } = scoped(this.device, () => {
      const encoder = this.device.createCommandEncoder({ label: work.label });
      for (let r = 0; r < runs; r++) this.encode(work, encoder);
      this.device.queue.submit([encoder.finish()]);
    });
    return errors;
  }

  private submitAndWait(work: Recording<unknown>, runs: number): Promise<unknown> {
    const accepted = this.submit(work, runs);
    return this.lifecycle.guard(Promise.all([accepted, this.device.queue.onSubmittedWorkDone()]));
  }

  private failed(
    work: Recording<unknown>,
    error: unknown,
    held: { readonly scratchReleased: boolean; readonly outputsHeld: boolean },
  ): void {
    if (error instanceof GpuError && error.kind === 'validation')
      for (const key of work.programs) this.pipelines.forget(key);
    // Scratch buffers released at submission may be another operation's by now: only idle ones are dropped.
    for (const b of work.scratch) {
      if (held.scratchReleased) this.pool.discardIfIdle(b);
      else this.pool.discard(b);
    }
    if (held.outputsHeld) for (const b of work.outputs) this.pool.discard(b);
  }

  // ---------------------------------------------------------------- timing

  /** Wall clock per run: `runs` runs per submission, waited for, `samples` times. */
  private async wallSamples(
    work: Recording<unknown>,
    samples: number,
    runs: number,
  ): Promise<{ ms: number[]; method: 'wall' }> {
    const ms: number[] = [];
    for (let s = 0; s < samples; s++) {
      const t0 = performance.now();
      await this.submitAndWait(work, runs);
      ms.push((performance.now() - t0) / runs);
    }
    return { ms, method: 'wall' };
  }

  private async timestampSamples(
    work: Recording<unknown>,
    repetitions: number,
  ): Promise<{ ms: number[]; method: 'timestamp' }> {
    const perRun = 2 * work.passes;
    const runsPerSet = Math.max(1, Math.floor(MAX_TIMESTAMPS / perRun));
    const ms: number[] = [];
    for (let done = 0; done < repetitions; done += runsPerSet) {
      const runs = Math.min(runsPerSet, repetitions - done);
      const count = runs * perRun;
      const { value, errors } = scoped(this.device, () => {
        const querySet = this.device.createQuerySet({ type: 'timestamp', count });
        const resolved = this.device.createBuffer({
          size: count * 8,
          usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC,
        });
        const staging = this.device.createBuffer({ size: count * 8, usage: USAGE.readback });
        const encoder = this.device.createCommandEncoder({ label: `${work.label} (timed)` });
        for (let r = 0; r < runs; r++) this.encode(work, encoder, { querySet, first: r * perRun });
        encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
        encoder.copyBufferToBuffer(resolved, 0, staging, 0, count * 8);
        this.device.queue.submit([encoder.finish()]);
        return { querySet, resolved, staging };
      });
      try {
        await this.lifecycle.guard(Promise.all([errors, value.staging.mapAsync(MapMode.READ)]));
        const stamps = new BigUint64Array(value.staging.getMappedRange().slice(0));
        for (let r = 0; r < runs; r++) {
          let ns = 0n;
          for (let k = 0; k < work.passes; k++) {
            const at = r * perRun + 2 * k;
            ns += stamps[at + 1]! - stamps[at]!;
          }
          ms.push(Number(ns) / 1e6);
        }
      } finally {
        value.querySet.destroy();
        value.resolved.destroy();
        value.staging.destroy();
      }
    }
    return { ms, method: 'timestamp' };
  }
}
