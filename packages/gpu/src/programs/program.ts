/**
 * A GPU program, declared once (in the spirit of tfjs-backend-webgpu's
 * `WebGPUProgram`): the key its compiled pipeline is cached by, its WGSL and
 * entry point, its bindings, the typed layout of its uniforms (from which
 * both the WGSL struct and the bytes the engine writes are generated) and its
 * dispatch geometry. The engine's runner (engine/runner.ts) compiles, binds
 * and dispatches any program; adding a kernel is adding a declaration.
 *
 * Bindings, for every program: group 0, binding 0 the uniforms
 * (`var<uniform> params`), then one storage buffer per entry of `storage`,
 * in order, from binding 1.
 */
import type { LossDef } from '@losslab/core';
import type { FieldSpecs, StructLayout } from '../wgsl/struct.js';

/** A storage binding's access: `var<storage, read>` or `var<storage, read_write>`. */
export type StorageAccess = 'read' | 'read_write';

export interface Program<S extends FieldSpecs = FieldSpecs, Extent = unknown> {
  /**
   * Identifies the WGSL exactly (equal keys, equal source): pipelines are
   * cached by it. Values that travel in uniforms or buffers are not part of it.
   */
  readonly key: string;
  /** A short name for labels and error messages. */
  readonly label: string;
  readonly entryPoint: string;
  /** The uniforms at binding 0. Their struct text is part of `source()`. */
  readonly params: StructLayout<S>;
  /** The storage buffers at bindings 1, 2, … */
  readonly storage: readonly StorageAccess[];
  /** The WGSL module; called on a pipeline-cache miss only. */
  source(): string;
  /** Workgroups to dispatch for an extent of work, within the per-dimension limit. */
  workgroups(extent: Extent, maxPerDimension: number): readonly [number, number];
}

/** What a grid program dispatches: one tile of `rows` whole rows of `nx` columns. */
export interface GridExtent {
  readonly nx: number;
  readonly rows: number;
}

/**
 * A program that writes a row-major f32 grid, one dispatch per tile of
 * whole rows (a grid beyond one buffer binding is cut into tiles).
 */
export interface GridProgram<S extends FieldSpecs = FieldSpecs> extends Program<S, GridExtent> {
  /** The most rows one dispatch covers within the per-dimension workgroup limit. */
  maxRows(maxPerDimension: number): number;
}

const serials = new WeakMap<LossDef, number>();
let nextSerial = 0;

/**
 * A loss definition's part of a program key: its id (readable in labels) and
 * a serial per definition object. The id alone is not enough: a user-defined
 * loss may reuse an id with a new formula, and must not get the old pipeline.
 */
export function lossKey(loss: LossDef): string {
  let serial = serials.get(loss);
  if (serial === undefined) {
    serial = nextSerial++;
    serials.set(loss, serial);
  }
  return `${loss.id}#${serial}`;
}

/** Splits a workgroup count into a 2D grid within the per-dimension limit. */
export function dispatch2d(workgroups: number, perDimension: number): [number, number] {
  if (workgroups <= perDimension) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / perDimension);
  return [Math.ceil(workgroups / y), y];
}
