/**
 * Chebyshev fits (degree 18, on x = 2t − 1) of matplotlib's viridis and magma,
 * one series per channel in 0..1. Fitted by least squares to the maps' 256
 * published entries; the largest error is below 0.75/255 per channel, so an
 * entry of our LUT differs from the published byte by at most 1 (ΔE ≪ 1).
 * A fit rather than a copied table keeps the source small and our own.
 */
type ChannelSeries = readonly number[];
export type ColormapFit = readonly [ChannelSeries, ChannelSeries, ChannelSeries];

export const viridisFit: ColormapFit = [
  [
    0.408654, 0.298403, 0.254846, 0.0801539, -0.0333173, -0.0196618, -0.00169711, 0.00654321, 0.00190885,
    -0.00368898, -0.00166927, 0.00178744, 0.000933453, -0.000649847, -0.000753085, 0.000257429, 0.000382245,
    1.65005e-5, -0.000110593,
  ],
  [
    0.518723, 0.454672, -0.0574751, -0.00476805, -0.00849581, 0.000714195, 0.00204536, 0.000873118,
    -0.000583836, 0.000168835, 0.000182705, -0.00029169, 0.000237975, -3.32792e-5, 0.000170797, -0.00014459,
    0.000218728, -5.82408e-5, -7.87422e-5,
  ],
  [
    0.375986, -0.146817, -0.170303, 0.0211377, 0.0149109, 0.0288561, 0.0147981, 0.00480994, 0.00423766,
    0.00115939, -0.000847391, -0.00120453, -0.00116652, -0.000850905, -0.000790453, -0.000274625, -7.31099e-5,
    -3.1771e-5, 3.1558e-5,
  ],
];

export const magmaFit: ColormapFit = [
  [
    0.590922, 0.551191, -0.118306, -0.061885, 0.0167347, 0.00781177, 0.00768591, -0.00554953, -0.00362966,
    0.00218099, 0.00155611, -0.000117339, 8.85734e-5, -0.000538214, -5.07604e-5, 0.000858725, -0.000639539,
    5.87585e-6, -0.000241436,
  ],
  [
    0.369988, 0.480154, 0.144163, 0.0204301, -0.0194309, -0.00742924, -0.00341187, 0.00806423, 0.00454826,
    -0.00741389, 0.00115742, 0.00102842, -0.000941011, 0.00188865, -0.000976467, -0.00091213, 0.00115816,
    -0.000368749, -4.95251e-5,
  ],
  [
    0.414186, 0.245598, -0.0436881, 0.153023, 0.00668355, -0.0274482, 0.000455949, -0.00754916, 0.00757018,
    0.00515997, -0.00580919, -0.00085113, 0.0013255, -0.0011738, 0.00191869, -0.000923564, -0.000698246,
    0.000347208, -3.38377e-5,
  ],
];

/** Clenshaw evaluation of Σ c_k T_k(x); stable for the degree used here. */
export function chebyshev(series: ChannelSeries, x: number): number {
  let b1 = 0;
  let b2 = 0;
  for (let k = series.length - 1; k >= 1; k--) {
    const b0 = 2 * x * b1 - b2 + series[k]!;
    b2 = b1;
    b1 = b0;
  }
  return x * b1 - b2 + (series[0] ?? 0);
}

export function evalFit(fit: ColormapFit, t: number): [number, number, number] {
  const x = 2 * t - 1;
  return [chebyshev(fit[0], x), chebyshev(fit[1], x), chebyshev(fit[2], x)];
}
