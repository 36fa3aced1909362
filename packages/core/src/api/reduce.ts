/** Reductions over per-sample losses, with PyTorch's semantics. */
export type Reduction = 'none' | 'mean' | 'sum';

/**
 * 'none' returns the (weighted) values; 'sum' adds them; 'mean' divides the
 * weighted sum by the number of samples, as PyTorch's BCELoss(weight=…) does
 * (not by the sum of the weights). An empty mean is NaN, as in PyTorch.
 */
export function reduce(
  values: ArrayLike<number>,
  reduction: Reduction,
  weights?: ArrayLike<number>,
): number | Float64Array {
  if (weights !== undefined && weights.length !== values.length) {
    throw new RangeError(`reduce: weights have length ${weights.length}, values ${values.length}`);
  }
  if (weights !== undefined) {
    for (let i = 0; i < weights.length; i++) {
      if (!Number.isFinite(weights[i]!))
        throw new RangeError(`reduce: weight ${i} = ${weights[i]} is not finite`);
    }
  }
  const weighted = (i: number): number => (weights ? values[i]! * weights[i]! : values[i]!);
  if (reduction === 'none') return Float64Array.from({ length: values.length }, (_, i) => weighted(i));
  if (reduction !== 'sum' && reduction !== 'mean')
    throw new RangeError(`reduce: unknown reduction '${String(reduction)}'`);
  // Neumaier summation: a mean over a million samples keeps its digits.
  let s = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const x = weighted(i);
    const t = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  const total = Number.isFinite(s) ? s + comp : s;
  return reduction === 'sum' ? total : total / values.length;
}
