/**
 * Sweeps (grid search): a base run config plus axes of values for any of its fields, expanded into
 * one validated run config per member.
 *
 * Expansion is the cartesian product of the axes in a stable order: the first axis varies slowest,
 * the last fastest (like nested for-loops written in axis order). A `zip` axis sets several fields
 * together, its i-th member taking the i-th value of each (e.g. an encoder and its matching decoder),
 * so it counts as one axis of the product.
 *
 * Versioned with `schemaVersion` like the run config; pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import type { RunStatus, RunSummary, SweepStatus } from './api.js';
import { ConfigError, parseRunConfig, type RunConfig, type RunConfigInput } from './config.js';

export const SWEEP_SCHEMA_VERSION = 1;

/** The most members one sweep may queue. */
export const MAX_SWEEP_MEMBERS = 500;

// Dotted field path: names, and numeric indices into arrays (`model.blocks.0.filters`).
const PATH_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*(\.([A-Za-z_$][A-Za-z0-9_$]*|\d+))*$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

const fieldPathSchema = z
  .string()
  .max(200)
  .regex(PATH_PATTERN, 'a dotted field path such as "model.encoder" or "training.optimizer.learningRate"')
  .refine((path) => !path.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment)), 'not a config field');

/** One field and the values it takes, in order. */
export const sweepFieldSchema = z.object({
  /** Dotted path of the field in the run config, e.g. `model.encoder`, `training.optimizer.learningRate`. */
  path: fieldPathSchema,
  /** The values, in the order the members take them; any JSON value (arrays such as `[64, 32]` included). */
  values: z.array(z.unknown()).min(1).max(MAX_SWEEP_MEMBERS),
});
export type SweepField = z.infer<typeof sweepFieldSchema>;

/** Several fields varied together: member i takes the i-th value of every field. */
export const sweepZipSchema = z.object({
  /** At least two fields, each with the same number of values. */
  zip: z.array(sweepFieldSchema).min(2).max(16),
});
export type SweepZip = z.infer<typeof sweepZipSchema>;

/** One axis of the grid: a field, or fields zipped together. */
export const sweepAxisSchema = z.union([sweepFieldSchema.strict(), sweepZipSchema.strict()]);
export type SweepAxis = z.infer<typeof sweepAxisSchema>;

export const sweepSpecSchema = z.object({
  schemaVersion: z.literal(SWEEP_SCHEMA_VERSION).default(SWEEP_SCHEMA_VERSION),
  /** Name of the sweep; member run names start with it. */
  name: z.string().min(1).max(120),
  /** The run config every member starts from (a RunConfigInput: defaults may be omitted). */
  base: z.record(z.string(), z.unknown()),
  /** The axes, in order: the first varies slowest. */
  grid: z.array(sweepAxisSchema).min(1).max(16),
  /** Queue only the first N members in expansion order (a quick look at a big grid). */
  limit: z.number().int().positive().optional(),
});
/** A validated sweep spec. */
export type SweepSpec = z.infer<typeof sweepSpecSchema>;
/** What a user may write: `schemaVersion` may be omitted; `base` is a run config input. */
export type SweepSpecInput = Omit<z.input<typeof sweepSpecSchema>, 'base'> & { base: RunConfigInput };

/** One member of an expanded sweep. */
export interface SweepMemberPlan {
  /** Position in expansion order, from 0. */
  index: number;
  /** Run name: the sweep name and the overridden values, e.g. `grid encoder=64-32 activation=relu`. */
  name: string;
  /** Value of every swept field, by path. */
  overrides: Record<string, unknown>;
  /** The validated config (its `name` is the member name unless the grid sets `name` itself). */
  config: RunConfig;
}

/** A sweep spec that cannot be expanded: every problem, each naming the member and the field path. */
export class SweepError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.name = 'SweepError';
    this.message = `invalid sweep: ${problems.join('; ')}`;
  }
}

/** Validate the shape of a spec (not yet its members); throws a SweepError listing every problem. */
export function parseSweepSpec(input: unknown): SweepSpec {
  const result = sweepSpecSchema.safeParse(input);
  if (!result.success) {
    throw new SweepError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const spec = result.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  spec.grid.forEach((axis, a) => {
    const fields = 'zip' in axis ? axis.zip : [axis];
    if ('zip' in axis && fields.some((f) => f.values.length !== fields[0]!.values.length)) {
      problems.push(`grid.${a}.zip: every zipped field needs the same number of values (${fields.map((f) => f.values.length).join(' vs ')})`);
    }
    for (const field of fields) {
      if (seen.has(field.path)) problems.push(`grid.${a}: ${field.path} is swept twice`);
      seen.add(field.path);
    }
  });
  for (const path of seen) {
    for (const other of seen) {
      if (other.startsWith(`${path}.`)) problems.push(`grid: ${other} lies inside ${path}, which is swept too`);
    }
  }
  if (problems.length > 0) throw new SweepError(problems);
  return spec;
}

/**
 * A swept path that only carries metadata: the `reference` figure of each member (a reproduced grid
 * zips it with the architecture). It is not a setting, so member names and results tables leave it out.
 */
export const isMetadataPath = (path: string): boolean => path === 'reference' || path.startsWith('reference.');

/** The swept settings a results table and member names show: every swept field but metadata. */
export function shownFields(spec: Pick<SweepSpec, 'grid'>): SweepField[] {
  return sweptFields(spec).filter((f) => !isMetadataPath(f.path));
}

/** Every swept field, in axis order (zipped fields in their order). */
export function sweptFields(spec: Pick<SweepSpec, 'grid'>): SweepField[] {
  return spec.grid.flatMap((axis) => ('zip' in axis ? axis.zip : [axis]));
}

/** Number of values of one axis. */
const axisLength = (axis: SweepAxis): number => ('zip' in axis ? (axis.zip[0]?.values.length ?? 0) : axis.values.length);

/** Members the grid spans before `limit`: the product of the axis lengths. */
export function gridSize(spec: Pick<SweepSpec, 'grid'>): number {
  return spec.grid.reduce((product, axis) => product * axisLength(axis), 1);
}

/** Members the sweep queues: the grid size, or `limit` when smaller. */
export function memberCount(spec: Pick<SweepSpec, 'grid' | 'limit'>): number {
  const size = gridSize(spec);
  return spec.limit !== undefined ? Math.min(size, spec.limit) : size;
}

/** The value at a dotted path, or undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Set a dotted path in a JSON object, creating missing objects on the way. Returns a problem text
 * when the path runs through a value that is not an object (e.g. into a number).
 */
function setPath(target: Record<string, unknown>, path: string, value: unknown): string | null {
  const segments = path.split('.');
  let current: unknown = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    const container = current as Record<string, unknown>;
    if (container[segment] === undefined) container[segment] = {};
    current = container[segment];
    if (current === null || typeof current !== 'object') {
      return `${path}: ${segments.slice(0, i + 1).join('.')} is ${JSON.stringify(current)}, not an object with fields`;
    }
  }
  (current as Record<string, unknown>)[segments.at(-1)!] = cloneJson(value);
  return null;
}

/**
 * A deep copy of a JSON value. Not structuredClone: the renderer hands in reactive proxies, which
 * it cannot copy.
 */
const cloneJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Short text of a value for a member name: arrays as `64-32`, objects as JSON. */
export function formatSweepValue(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string')) return value.join('-');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** Label of each swept field in member names: its last segment, or the full path where two share one. */
export function fieldLabels(spec: Pick<SweepSpec, 'grid'>): Record<string, string> {
  const paths = sweptFields(spec).map((f) => f.path);
  const last = (path: string): string => path.split('.').at(-1)!;
  return Object.fromEntries(paths.map((path) => [path, paths.filter((p) => last(p) === last(path)).length > 1 ? path : last(path)]));
}

/** `encoder=64-32 activation=relu`: the member's values, each after its field label. */
export function memberLabel(overrides: Record<string, unknown>, labels: Record<string, string>): string {
  return Object.entries(overrides)
    .map(([path, value]) => `${labels[path] ?? path}=${formatSweepValue(value)}`)
    .join(' ');
}

/** The axis value indices of member `index`: mixed-radix digits, last axis fastest. */
function axisIndices(index: number, lengths: readonly number[]): number[] {
  const digits = new Array<number>(lengths.length).fill(0);
  let rest = index;
  for (let a = lengths.length - 1; a >= 0; a--) {
    digits[a] = rest % lengths[a]!;
    rest = Math.floor(rest / lengths[a]!);
  }
  return digits;
}

/**
 * Expand a spec into its members, each config validated with `parseRunConfig`. Throws a SweepError
 * naming each bad member and field (`member 3 (encoder=64 activation=tanh): model.activation: …`),
 * or saying how far over MAX_SWEEP_MEMBERS the grid is.
 */
export function expandSweep(input: SweepSpecInput | SweepSpec): SweepMemberPlan[] {
  const spec = parseSweepSpec(input);
  const size = gridSize(spec);
  const count = memberCount(spec);
  if (count > MAX_SWEEP_MEMBERS) {
    throw new SweepError([
      `the grid has ${size} members (${spec.grid.map(axisLength).join(' × ')}), more than the ${MAX_SWEEP_MEMBERS} a sweep may queue: remove values or axes, or set a limit`,
    ]);
  }
  const lengths = spec.grid.map(axisLength);
  const labels = fieldLabels(spec);
  const members: SweepMemberPlan[] = [];
  const problems: string[] = [];
  for (let index = 0; index < count; index++) {
    const digits = axisIndices(index, lengths);
    const overrides: Record<string, unknown> = {};
    spec.grid.forEach((axis, a) => {
      for (const field of 'zip' in axis ? axis.zip : [axis]) overrides[field.path] = field.values[digits[a]!];
    });
    const label = memberLabel(Object.fromEntries(Object.entries(overrides).filter(([path]) => !isMetadataPath(path))), labels);
    const name = `${spec.name} ${label}`.slice(0, 200);
    const where = `member ${index + 1} (${label})`;
    const raw = cloneJson(spec.base) as Record<string, unknown>;
    raw.name = name;
    const pathProblems = Object.entries(overrides)
      .map(([path, value]) => setPath(raw, path, value))
      .filter((p): p is string => p !== null);
    if (pathProblems.length > 0) {
      problems.push(...pathProblems.map((p) => `${where}: ${p}`));
      continue;
    }
    let config: RunConfig;
    try {
      config = parseRunConfig(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((p) => `${where}: ${p}`));
      continue;
    }
    // The strict schema already refuses unknown fields; this catches a path that parses but names nothing.
    const unknown = Object.keys(overrides).filter((path) => getPath(config, path) === undefined);
    if (unknown.length > 0) {
      problems.push(...unknown.map((path) => `${where}: ${path} is not a field of the run config (misspelt?)`));
      continue;
    }
    members.push({ index, name: config.name ?? name, overrides, config });
  }
  // The same mistake usually repeats in every member: report the first few.
  if (problems.length > 0) {
    const shown = problems.slice(0, 5);
    if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
    throw new SweepError(shown);
  }
  return members;
}

/** The status of a sweep from its members' statuses, as SweepSummary.status documents it. */
export function sweepStatus(counts: Partial<Record<RunStatus, number>>): SweepStatus {
  const n = (status: RunStatus): number => counts[status] ?? 0;
  if (n('running') > 0) return 'running';
  if (n('queued') > 0) return 'queued';
  if (n('cancelled') > 0) return 'cancelled';
  if (n('interrupted') > 0) return 'interrupted';
  const total = Object.values(counts).reduce((sum, c) => sum + (c ?? 0), 0);
  if (total === 0) return 'completed';
  if (n('completed') === 0) return 'failed';
  return failedMembers(counts) > 0 ? 'partial' : 'completed';
}

/** Members that ended in failure (failed or diverged). */
export const failedMembers = (counts: Partial<Record<RunStatus, number>>): number => (counts.failed ?? 0) + (counts.diverged ?? 0);

/** Most members that were training at the same moment, from their recorded start and end times. */
export function peakConcurrency(runs: readonly Pick<RunSummary, 'startedAt' | 'endedAt'>[]): number {
  const edges: [number, number][] = [];
  for (const run of runs) {
    if (!run.startedAt) continue;
    edges.push([Date.parse(run.startedAt), 1]);
    edges.push([run.endedAt ? Date.parse(run.endedAt) : Number.POSITIVE_INFINITY, -1]);
  }
  // At a tie an end comes first: a member starting as another ends did not overlap it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (current += delta));
  return peak;
}
