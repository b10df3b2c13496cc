/** Deviation measures of the lock-step comparison (bench/fidelity/lockstep.ts). */

/** How far one array of ours is from the reference's. */
export interface ArrayDeviation {
  name: string;
  /** max |ours − ref| / max |ref|. */
  maxRelative: number;
  /** ‖ours − ref‖₂ / ‖ref‖₂. */
  relativeL2: number;
}

export function compareArrays(name: string, ours: ArrayLike<number>, reference: ArrayLike<number>): ArrayDeviation {
  if (ours.length !== reference.length) throw new Error(`${name}: ${ours.length} values against the reference's ${reference.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  let diff2 = 0;
  let ref2 = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = ours[i]! - reference[i]!;
    maxDiff = Math.max(maxDiff, Math.abs(d));
    maxRef = Math.max(maxRef, Math.abs(reference[i]!));
    diff2 += d * d;
    ref2 += reference[i]! * reference[i]!;
  }
  return { name, maxRelative: maxRef > 0 ? maxDiff / maxRef : maxDiff, relativeL2: ref2 > 0 ? Math.sqrt(diff2 / ref2) : Math.sqrt(diff2) };
}

/** The first index whose value exceeds `threshold`, or null. */
export function firstStepAbove(values: readonly number[], threshold: number): number | null {
  const index = values.findIndex((v) => v > threshold);
  return index < 0 ? null : index;
}
