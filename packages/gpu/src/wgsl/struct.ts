/**
 * Typed uniform layouts, declared once (in the spirit of TypeGPU's data
 * schemas): the WGSL struct text, the byte packing and the WGSL expressions
 * that read a field all come from the same declaration, so a kernel's
 * uniforms and the engine's writes cannot drift apart.
 *
 * Offsets, alignment, implicit padding and size follow WGSL's rules for the
 * uniform address space (https://www.w3.org/TR/WGSL/#alignment-and-size):
 * a member sits at the next multiple of its alignment; a struct's alignment
 * is its largest member's and its size is rounded up to it. Uniform arrays
 * need a 16-byte element stride, which is why f32 lists travel four to a
 * vec4 (`packedF32`), and why there is no plain `array<f32>` type here.
 */

/** A 4-byte scalar. */
export interface ScalarType<K extends 'u32' | 'f32' = 'u32' | 'f32'> {
  readonly kind: K;
  readonly wgsl: K;
  readonly align: 4;
  readonly size: 4;
}

/**
 * `count` f32 values as `array<vec4<f32>, ⌈count/4⌉>` (at least one vec4:
 * WGSL has no empty arrays). Value k is `.xyzw[k % 4]` of vec4 ⌊k/4⌋.
 */
export interface PackedF32Type {
  readonly kind: 'packed-f32';
  readonly count: number;
  readonly wgsl: string;
  readonly align: 16;
  readonly size: number;
}

export type FieldType = ScalarType<'u32'> | ScalarType<'f32'> | PackedF32Type;

export const u32: ScalarType<'u32'> = { kind: 'u32', wgsl: 'u32', align: 4, size: 4 };
export const f32: ScalarType<'f32'> = { kind: 'f32', wgsl: 'f32', align: 4, size: 4 };

export function packedF32(count: number): PackedF32Type {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`packedF32: count must be an integer ≥ 0`);
  const vec4s = Math.max(1, Math.ceil(count / 4));
  return { kind: 'packed-f32', count, wgsl: `array<vec4<f32>, ${vec4s}>`, align: 16, size: 16 * vec4s };
}

/** A field with a comment line (or lines) printed above it in the struct. */
export interface Documented<T extends FieldType = FieldType> {
  readonly type: T;
  readonly doc: string;
}

export const doc = <T extends FieldType>(comment: string, type: T): Documented<T> => ({ type, doc: comment });

export type FieldSpec = FieldType | Documented;
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

type TypeOf<F extends FieldSpec> = F extends Documented<infer T> ? T : F;
type ValueOf<T extends FieldType> = T extends PackedF32Type ? ArrayLike<number> : number;

/** The values to pack: a number per scalar, `count` numbers per packed-f32 field. */
export type StructValues<S extends FieldSpecs> = { readonly [K in keyof S]: ValueOf<TypeOf<S[K]>> };

export interface StructField {
  readonly name: string;
  readonly type: FieldType;
  readonly doc: string | undefined;
  /** Byte offset in the struct (after any implicit padding). */
  readonly offset: number;
}

export interface StructLayout<S extends FieldSpecs = FieldSpecs> {
  readonly name: string;
  readonly fields: readonly StructField[];
  /** Byte size of the struct: what a uniform buffer must hold. */
  readonly size: number;
  readonly align: number;
  /** The WGSL declaration, `struct Name { … }`. */
  readonly wgsl: string;
  /** The bytes of one instance, little-endian as WebGPU reads them. */
  pack(values: StructValues<S>): ArrayBuffer;
}

/** The field declarations of a layout (to name a program's uniform values type). */
export type FieldsOf<L> = L extends StructLayout<infer S> ? S : never;

const roundUp = (n: number, multiple: number): number => Math.ceil(n / multiple) * multiple;
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function struct<S extends FieldSpecs>(name: string, specs: S): StructLayout<S> {
  if (!identifier.test(name)) throw new RangeError(`struct: '${name}' is not a WGSL identifier`);
  const fields: StructField[] = [];
  let end = 0;
  let align = 4;
  for (const [field, spec] of Object.entries(specs)) {
    if (!identifier.test(field)) throw new RangeError(`struct ${name}: '${field}' is not a WGSL identifier`);
    const type = 'doc' in spec ? spec.type : spec;
    const offset = roundUp(end, type.align);
    fields.push({ name: field, type, doc: 'doc' in spec ? spec.doc : undefined, offset });
    end = offset + type.size;
    align = Math.max(align, type.align);
  }
  if (fields.length === 0) throw new RangeError(`struct ${name}: WGSL structs need at least one member`);
  const size = roundUp(end, align);
  const lines = fields.flatMap((f) => [
    ...(f.doc === undefined ? [] : f.doc.split('\n').map((line) => `  // ${line}`)),
    `  ${f.name}: ${f.type.wgsl},`,
  ]);
  const wgsl = `struct ${name} {\n${lines.join('\n')}\n}`;
  return {
    name,
    fields,
    size,
    align,
    wgsl,
    pack(values: StructValues<S>): ArrayBuffer {
      const bytes = new ArrayBuffer(size);
      const view = new DataView(bytes);
      const given = values as Readonly<Record<string, number | ArrayLike<number>>>;
      for (const f of fields) {
        const value = given[f.name];
        const what = `${name}.${f.name}`;
        if (f.type.kind === 'packed-f32') {
          if (typeof value !== 'object' || value === null || value.length !== f.type.count)
            throw new RangeError(`${what}: expected ${f.type.count} values`);
          for (let k = 0; k < value.length; k++) view.setFloat32(f.offset + 4 * k, value[k]!, true);
        } else if (typeof value !== 'number') {
          throw new RangeError(`${what}: expected a number, got ${String(value)}`);
        } else if (f.type.kind === 'u32') {
          if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
            throw new RangeError(`${what}: ${value} is not a u32`);
          view.setUint32(f.offset, value, true);
        } else {
          view.setFloat32(f.offset, value, true);
        }
      }
      return bytes;
    },
  };
}

/** The WGSL expression for value k of a packed-f32 field: `params.fixed[1].z`. */
export function packedElement(variable: string, field: string, k: number): string {
  return `${variable}.${field}[${k >> 2}].${'xyzw'[k & 3]}`;
}
