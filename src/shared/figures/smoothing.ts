/**
 * Curve smoothing for training charts. Pure module: no Node, no DOM.
 */

/**
 * Exponential moving average with bias correction (the TensorBoard smoothing).
 *
 * Bias correction keeps the first points on the data instead of dragging them towards zero,
 * so a short run still reads correctly. Missing values (null / NaN) are passed through as
 * null and do not disturb the average.
 *
 * @param values the raw points, in epoch order
 * @param weight smoothing weight in [0, 1); 0 returns the values unchanged
 * @throws RangeError when `weight` is outside [0, 1)
 */
export function smoothSeries(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  }
  if (weight === 0) return values.map((v) => (v === null || Number.isNaN(v) ? null : v));
  let average = 0;
  let debiasWeight = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    average = average * weight + (1 - weight) * value;
    debiasWeight = debiasWeight * weight + (1 - weight);
    return average / debiasWeight;
  });
}
