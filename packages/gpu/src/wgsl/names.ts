/**
 * WGSL identifiers for loss variables and generated functions. Variable
 * names are kept as they are (readable: `fn huber_value(r: f32, delta: f32)`)
 * unless they would clash with a WGSL keyword, a reserved word, a builtin the
 * generated code calls, a temporary (`t0`, `v0`, `o0`, `c0`, …) or a prelude helper
 * (`ll_…`); those get a `v_` prefix.
 */

const keywords = `alias break case const const_assert continue continuing default diagnostic discard else enable
false fn for if let loop override requires return struct switch true var while`;

const reserved = `NULL Self abstract active alignas alignof as asm asm_fragment async attribute auto await become
binding_array cast catch class co_await co_return co_yield coherent column_major common compile compile_fragment
concept const_cast consteval constexpr constinit crate debugger decltype delete demote demote_to_helper do
dynamic_cast enum explicit export extends extern external fallthrough filter final finally friend from fxgroup get
goto groupshared highp impl implements import inline instanceof interface layout lowp macro macro_rules match
mediump meta mod module move mut mutable namespace new nil noexcept noinline nointerpolation noperspective null
nullptr of operator package packoffset partition pass patch pixelfragment precise precision premerge priv protected
pub public readonly ref regardless register reinterpret_cast require resource restrict self set shared sizeof
smooth snorm static static_assert static_cast std subroutine super target template this thread_local throw trait
try type typedef typeid typename typeof union unless unorm unsafe unsized use using varying virtual volatile wgsl
where with writeonly yield`;

// Predeclared names a parameter would shadow inside the function that uses them.
const predeclared = `abs max min sqrt select clamp round floor fract bitcast f32 i32 u32 bool vec2 vec3 vec4 array
atomic ptr sign exp exp2 log log2 pow tanh ldexp fma arrayLength value partial`;

const taken = new Set(`${keywords} ${reserved} ${predeclared}`.split(/\s+/).filter(Boolean));

const plain = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The WGSL name of a loss variable inside generated code. */
export function wgslVariable(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, '_');
  const clashes =
    taken.has(safe) || /^[tvoc]\d+$/.test(safe) || safe.startsWith('ll_') || safe.includes('__');
  return plain.test(safe) && !clashes ? safe : `v_${safe.replace(/_+/g, '_')}`;
}

/** A name fragment safe inside a WGSL identifier: `bce_logits`, `d_delta`. */
export function wgslFragment(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
}
