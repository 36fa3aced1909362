// Stored outputs: −0 becomes +0 (the catalog's zeros are +0).
fn ll_canonical(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  return bitcast<f32>(select(bits, 0u, bits == 0x80000000u));
}

fn ll_inf() -> f32 {
  let bits = 0x7f800000u;
  return bitcast<f32>(bits);
}

fn ll_is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

fn ll_is_inf(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u;
}

fn ll_nan() -> f32 {
  let bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}

// The catalog's rule: a partial is NaN where the value is infinite — where it
// really is, not where only f32 overflowed (r² at r = 1e30 is finite, and so
// is its partial 2r).
fn ll_partial(value: f32, overflowed: bool, partial: f32) -> f32 {
  return select(partial, ll_nan(), ll_is_inf(value) && !overflowed);
}

// Huber (huber), ∂/∂delta
fn huber_d_delta(r: f32, delta: f32) -> f32 {
  let t0 = abs(r);
  let t1 = (t0 <= delta);
  var t6: f32;
  var t5: f32;
  if t1 {
    t6 = 0.0f;
    t5 = (r * (0.5f * r));
  } else {
    let t2 = (delta > ll_inf());
    let t3 = (0.5f * delta);
    let t4 = (t0 - t3);
    t6 = select((t0 - (t3 + (delta * 0.5f))), (t4 + (delta * (-0.5f))), t2);
    t5 = select(((delta * t0) - (delta * t3)), (delta * t4), t2);
  }
  let value = t5;
  let partial = t6;
  // Where the value is ±∞: is it, or did only f32 overflow (finite in exact arithmetic)?
  var overflowed = false;
  if ll_is_inf(value) {
    let v0 = abs(r);
    let o0 = (ll_is_inf(v0) && true);
    let c1 = (v0 <= delta);
    let v2 = (0.5f * r);
    let o2 = (ll_is_inf(v2) && true);
    let v3 = (r * v2);
    let o3 = (ll_is_inf(v3) && (o2 || ll_is_finite(v2)));
    let c4 = (delta > ll_inf());
    let v5 = (0.5f * delta);
    let o5 = (ll_is_inf(v5) && true);
    let v6 = (v0 - v5);
    let o6 = (ll_is_inf(v6) && ((o0 || o5) || (ll_is_finite(v0) && ll_is_finite(v5))));
    let v7 = (delta * v6);
    let o7 = (ll_is_inf(v7) && (o6 || ll_is_finite(v6)));
    let v8 = (delta * v0);
    let o8 = (ll_is_inf(v8) && (o0 || ll_is_finite(v0)));
    let v9 = (delta * v5);
    let o9 = (ll_is_inf(v9) && (o5 || ll_is_finite(v5)));
    let v10 = (v8 - v9);
    let o10 = (ll_is_inf(v10) && ((o8 || o9) || (ll_is_finite(v8) && ll_is_finite(v9))));
    let v11 = select(v10, v7, c4);
    let o11 = select(o10, o7, c4);
    let v12 = select(v11, v3, c1);
    let o12 = select(o11, o3, c1);
    overflowed = o12;
  }
  return ll_partial(value, overflowed, partial);
}

struct Params {
  // Columns of the grid.
  nx: u32,
  // Rows in this tile, and the first of them.
  rows: u32,
  row0: u32,
  // Where the y coordinates start in `coords` (the x coordinates come first).
  y_offset: u32,
  // Values of the other variables: none.
  fixed: array<vec4<f32>, 1>,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coords: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

// The grid point (x = r, y = delta), as stored.
fn point(x: f32, y: f32) -> f32 {
  return ll_canonical(huber_d_delta(x, y));
}

@compute @workgroup_size(256)
fn sweep(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  // Workgroup (wg.x, j) covers a contiguous stretch of row j of this tile.
  let j = wg.y;
  let y = coords[params.y_offset + params.row0 + j];
  let row = j * params.nx;
  let i = (wg.x * 256u + lid) * 4u;
  if (i >= params.nx) {
    return;
  }
  // nx is a multiple of 4: one aligned vec4 store.
  out[(row + i) / 4u] = vec4<f32>(
    point(coords[i], y),
    point(coords[i + 1u], y),
    point(coords[i + 2u], y),
    point(coords[i + 3u], y),
  );
}
