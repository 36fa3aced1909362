// Stored outputs: −0 becomes +0 (the catalog's zeros are +0).
fn ll_canonical(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  return bitcast<f32>(select(bits, 0u, bits == 0x80000000u));
}

fn ll_is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

fn ll_is_inf(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u;
}

// Huber (huber), ∂/∂w of one data point's term, loss(r = sᵢ − yᵢ) with s = m_w·m_x + m_b; hyperparameters from params.hyper (delta)
fn huber_term_d_w(m_w: f32, m_b: f32, m_x: f32, m_y: f32) -> f32 {
  var t1: f32;
  if (m_x == 0.0f) {
    t1 = 0.0f;
  } else {
    let t0 = (((m_w * m_x) + m_b) - m_y);
    t1 = select((params.hyper[0].x * select(select(0.0f, (-m_x), (t0 < 0.0f)), m_x, (t0 > 0.0f))), ((m_x * (0.5f * t0)) + (t0 * (0.5f * m_x))), (abs(t0) <= params.hyper[0].x));
  }
  return t1;
}

struct Params {
  // Columns of the grid (w).
  nx: u32,
  // Rows this dispatch computes, the grid row of its first (b index),
  // and where that row sits in the output buffer.
  rows: u32,
  row0: u32,
  out_row0: u32,
  // Data points (zero weights included).
  n: u32,
  // Always 0: see ll_opaque.
  opaque: u32,
  // What the sum is divided by: n for 'mean', 1 for 'sum'.
  divisor: f32,
  // Ridge coefficient of ½·l2·w².
  l2: f32,
  // The loss's hyperparameters: delta.
  hyper: array<vec4<f32>, 1>,
}

@group(0) @binding(0) var<uniform> params: Params;
// The w coordinates of the grid's columns, then the b coordinates of its rows.
@group(0) @binding(1) var<storage, read> coords: array<f32>;
// The dataset, one point per vec4: (x, y, weight, 0).
@group(0) @binding(2) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> points: array<vec4<f32>, 256>;
var<workgroup> wg_overflow: atomic<u32>;
var<workgroup> wg_redo: u32;

// An f32 the compiler cannot see through: x itself (params.opaque is 0 at run
// time), but no fast-math rewrite can reassociate a compensated sum through it.
fn ll_opaque(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ params.opaque);
}

// acc.x + v and its rounding error, exactly (Knuth's TwoSum); acc.y collects the errors.
fn ll_accumulate(acc: vec2<f32>, v: f32) -> vec2<f32> {
  let t = ll_opaque(acc.x + v);
  let bv = ll_opaque(t - acc.x);
  let e = ll_opaque(acc.x - (t - bv)) + (v - bv);
  return vec2<f32>(t, acc.y + e);
}

// Workgroup (gx, gy) covers 64 columns × 16 rows of this dispatch. Invocation li sums, for
// the 4 cells (16 apart) of its cell thread, every point.
@compute @workgroup_size(256)
fn landscape(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) li: u32) {
  let lane = li / 256u;
  let ct = li % 256u;
  let j = wg.y * 16u + ct / 16u;
  let i0 = wg.x * 64u + ct % 16u;
  // Invocations past the grid's edge still load tiles and meet the barriers; only owners write.
  let owner = lane == 0u && j < params.rows;
  let b = coords[params.nx + params.row0 + min(j, params.rows - 1u)];
  let w0 = coords[min(i0 + 0u, params.nx - 1u)];
  let w1 = coords[min(i0 + 16u, params.nx - 1u)];
  let w2 = coords[min(i0 + 32u, params.nx - 1u)];
  let w3 = coords[min(i0 + 48u, params.nx - 1u)];
  if (li == 0u) {
    atomicStore(&wg_overflow, 0u);
  }
  // Round 0 sums the terms; round 1, the overflow pass, runs only in workgroups where some cell's
  // sum is ±∞ (its terms may all be finite) and sums them again scaled by 2⁻⁶⁴ (exact).
  var a0 = vec2<f32>(0.0, 0.0);
  var a1 = vec2<f32>(0.0, 0.0);
  var a2 = vec2<f32>(0.0, 0.0);
  var a3 = vec2<f32>(0.0, 0.0);
  var r0 = vec2<f32>(0.0, 0.0);
  var r1 = vec2<f32>(0.0, 0.0);
  var r2 = vec2<f32>(0.0, 0.0);
  var r3 = vec2<f32>(0.0, 0.0);
  for (var round = 0u; round < 2u; round++) {
    var scale = 1.0;
    if (round == 1u) {
      if (owner && (ll_is_inf(a0.x) || ll_is_inf(a1.x) || ll_is_inf(a2.x) || ll_is_inf(a3.x))) {
        atomicStore(&wg_overflow, 1u);
      }
      workgroupBarrier();
      if (li == 0u) {
        wg_redo = atomicLoad(&wg_overflow);
      }
      if (workgroupUniformLoad(&wg_redo) == 0u) {
        break;
      }
      scale = 5.421010862427522e-20;
    }
    var s0 = vec2<f32>(0.0, 0.0);
    var s1 = vec2<f32>(0.0, 0.0);
    var s2 = vec2<f32>(0.0, 0.0);
    var s3 = vec2<f32>(0.0, 0.0);
    for (var base = 0u; base < params.n; base += 256u) {
      // The next tile of points, through workgroup memory.
      workgroupBarrier();
      if (li < 256u && base + li < params.n) {
        points[li] = data[base + li];
      }
      workgroupBarrier();
      let count = min(256u, params.n - base);
      for (var q = lane; q < count; q += 1u) {
        let p = points[q];
        // Zero-weight points add exactly 0, even where their term is not finite.
        if (p.z != 0.0) {
          let weight = p.z * scale;
          s0 = ll_accumulate(s0, huber_term_d_w(w0, b, p.x, p.y) * weight);
          s1 = ll_accumulate(s1, huber_term_d_w(w1, b, p.x, p.y) * weight);
          s2 = ll_accumulate(s2, huber_term_d_w(w2, b, p.x, p.y) * weight);
          s3 = ll_accumulate(s3, huber_term_d_w(w3, b, p.x, p.y) * weight);
        }
      }
    }
    if (round == 0u) {
      a0 = s0;
      a1 = s1;
      a2 = s2;
      a3 = s3;
    } else {
      r0 = s0;
      r1 = s1;
      r2 = s2;
      r3 = s3;
    }
  }
  {
    let i = i0 + 0u;
    let w = w0;
    // The mean (or sum); a NaN sum stands as it is, a ±∞ one is the overflow pass's.
    var total = select(a0.x, (a0.x + a0.y) / params.divisor, ll_is_finite(a0.x));
    if (ll_is_inf(a0.x)) {
      total = select(r0.x, (r0.x + r0.y) / params.divisor, ll_is_finite(r0.x)) * 1.8446744073709552e19;
    }
    if (owner && i < params.nx) {
      out[(params.out_row0 + j) * params.nx + i] = ll_canonical(total + params.l2 * w);
    }
  }
  {
    let i = i0 + 16u;
    let w = w1;
    // The mean (or sum); a NaN sum stands as it is, a ±∞ one is the overflow pass's.
    var total = select(a1.x, (a1.x + a1.y) / params.divisor, ll_is_finite(a1.x));
    if (ll_is_inf(a1.x)) {
      total = select(r1.x, (r1.x + r1.y) / params.divisor, ll_is_finite(r1.x)) * 1.8446744073709552e19;
    }
    if (owner && i < params.nx) {
      out[(params.out_row0 + j) * params.nx + i] = ll_canonical(total + params.l2 * w);
    }
  }
  {
    let i = i0 + 32u;
    let w = w2;
    // The mean (or sum); a NaN sum stands as it is, a ±∞ one is the overflow pass's.
    var total = select(a2.x, (a2.x + a2.y) / params.divisor, ll_is_finite(a2.x));
    if (ll_is_inf(a2.x)) {
      total = select(r2.x, (r2.x + r2.y) / params.divisor, ll_is_finite(r2.x)) * 1.8446744073709552e19;
    }
    if (owner && i < params.nx) {
      out[(params.out_row0 + j) * params.nx + i] = ll_canonical(total + params.l2 * w);
    }
  }
  {
    let i = i0 + 48u;
    let w = w3;
    // The mean (or sum); a NaN sum stands as it is, a ±∞ one is the overflow pass's.
    var total = select(a3.x, (a3.x + a3.y) / params.divisor, ll_is_finite(a3.x));
    if (ll_is_inf(a3.x)) {
      total = select(r3.x, (r3.x + r3.y) / params.divisor, ll_is_finite(r3.x)) * 1.8446744073709552e19;
    }
    if (owner && i < params.nx) {
      out[(params.out_row0 + j) * params.nx + i] = ll_canonical(total + params.l2 * w);
    }
  }
}
