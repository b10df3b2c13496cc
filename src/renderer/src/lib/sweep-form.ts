/**
 * The new-sweep form's model: a base config, axes typed as a field path and comma-separated
 * values, and the spec they make. Pure functions, so the form logic is tested without a DOM.
 */
import type { RunConfig } from '../../../shared/config.js';
import { expandSweep, type SweepSpecInput } from '../../../shared/sweep.js';
import { parseAxisValues } from '../../../shared/sweep-values.js';

export interface AxisDraft {
  path: string;
  /** Comma-separated values as typed, e.g. `relu, linear` or `[64], [64, 32]`. */
  values: string;
}

/**
 * Fields of `config` a user may sweep, as dotted paths: every leaf, with arrays of numbers or
 * strings (an encoder's widths) and arrays of objects (conv blocks) offered whole, plus the
 * objects that are switched as one (the model, the optimizer, the schedule).
 */
export function sweepableFields(config: unknown, prefix = ''): string[] {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return prefix ? [prefix] : [];
  const fields: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'schemaVersion' || key === 'name') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      fields.push(path, ...sweepableFields(value, path));
    } else {
      fields.push(path);
    }
  }
  return fields;
}

/** The spec of the form: axes without a path or values are left out; `epochs` overrides the base. */
export function buildSpec(name: string, base: RunConfig, axes: readonly AxisDraft[], epochs: number | null): SweepSpecInput {
  // A JSON copy: `base` may be a reactive proxy, which structuredClone cannot copy.
  const config = JSON.parse(JSON.stringify(base)) as RunConfig;
  if (epochs !== null) config.training.epochs = epochs;
  delete config.name;
  return {
    name: name.trim() || 'sweep',
    base: config,
    grid: axes
      .filter((axis) => axis.path.trim() !== '' && parseAxisValues(axis.values).length > 0)
      .map((axis) => ({ path: axis.path.trim(), values: parseAxisValues(axis.values) })),
  };
}

/** How many runs the spec queues, or the problem that stops it (the first few, as the service would say). */
export function previewSpec(spec: SweepSpecInput): { count: number; error: null } | { count: 0; error: string } {
  try {
    return { count: expandSweep(spec).length, error: null };
  } catch (error) {
    return { count: 0, error: (error as Error).message };
  }
}
