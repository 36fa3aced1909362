/**
 * Marching squares over a node grid of colour-scale positions. Nodes hold a
 * value each (NaN = not finite: no line through that square); nodes sit at
 * integer positions (a, b), a ∈ [0, w), b ∈ [0, h), b counting upwards.
 * Saddles are resolved by the square's centre average.
 */
export function marchingSquares(
  values: ArrayLike<number>,
  w: number,
  h: number,
  levels: readonly number[],
): Float64Array {
  const out: number[] = [];
  const at = (a: number, b: number): number => values[b * w + a]!;
  for (const level of levels) {
    for (let b = 0; b + 1 < h; b++) {
      for (let a = 0; a + 1 < w; a++) {
        const bl = at(a, b);
        const br = at(a + 1, b);
        const tr = at(a + 1, b + 1);
        const tl = at(a, b + 1);
        if (Number.isNaN(bl + br + tr + tl)) continue;
        const code =
          (bl >= level ? 1 : 0) | (br >= level ? 2 : 0) | (tr >= level ? 4 : 0) | (tl >= level ? 8 : 0);
        if (code === 0 || code === 15) continue;
        // Crossing points on the four edges, in node coordinates.
        const frac = (p: number, q: number): number => (p === q ? 0.5 : (level - p) / (q - p));
        const bottom = (): [number, number] => [a + frac(bl, br), b];
        const right = (): [number, number] => [a + 1, b + frac(br, tr)];
        const top = (): [number, number] => [a + frac(tl, tr), b + 1];
        const left = (): [number, number] => [a, b + frac(bl, tl)];
        const seg = (p: [number, number], q: [number, number]): void => {
          out.push(p[0], p[1], q[0], q[1]);
        };
        const centreHigh = (bl + br + tr + tl) / 4 >= level;
        switch (code) {
          case 1:
          case 14:
            seg(left(), bottom());
            break;
          case 2:
          case 13:
            seg(bottom(), right());
            break;
          case 3:
          case 12:
            seg(left(), right());
            break;
          case 4:
          case 11:
            seg(right(), top());
            break;
          case 6:
          case 9:
            seg(bottom(), top());
            break;
          case 7:
          case 8:
            seg(left(), top());
            break;
          case 5:
            if (centreHigh) {
              seg(left(), top());
              seg(bottom(), right());
            } else {
              seg(left(), bottom());
              seg(right(), top());
            }
            break;
          case 10:
            if (centreHigh) {
              seg(left(), bottom());
              seg(right(), top());
            } else {
              seg(bottom(), right());
              seg(left(), top());
            }
            break;
        }
      }
    }
  }
  return Float64Array.from(out);
}

/** The N iso-levels in colour-scale space: t = k/(N+1), k = 1..N. */
export function contourLevels(count: number): number[] {
  const n = Math.max(0, Math.floor(count));
  return Array.from({ length: n }, (_, k) => (k + 1) / (n + 1));
}
