// Stored outputs: −0 becomes +0 (the catalog's zeros are +0).
fn ll_canonical(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  return bitcast<f32>(select(bits, 0u, bits == 0x80000000u));
}

// Huber (huber), value
fn huber_value(r: f32, delta: f32) -> f32 {
  let t0 = abs(r);
  return select((delta * (t0 - (0.5f * delta))), (r * (0.5f * r)), (t0 <= delta));
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
  return ll_canonical(huber_value(x, y));
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
