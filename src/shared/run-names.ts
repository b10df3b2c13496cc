/**
 * Default run names that tell runs apart: the preset, then what differs from it
 * (`font5x7-2d · lr 0.003`), made unique within the experiment (`… #2`). Pure module.
 */
import type { RunConfig } from './config.js';
import { flattenConfig } from './tables/run-tables.js';

/** Short names of the fields people vary most; any other field is named by its last path segment. */
const SHORT_NAMES: Record<string, string> = {
  'training.optimizer.learningRate': 'lr',
  'training.optimizer.name': 'opt',
  'training.optimizer.weightDecay': 'wd',
  'training.batchSize': 'batch',
  'training.epochs': 'epochs',
  'training.loss': 'loss',
  'training.seed': 'seed',
  'dataset.id': 'data',
  'dataset.valFraction': 'val',
  'model.kind': 'kind',
  'model.encoder': 'enc',
  'model.decoder': 'dec',
  'model.activation': 'act',
  'model.weightDecay': 'l2',
};

const MAX_DIFFERENCES = 3;

function shortName(path: string): string {
  return SHORT_NAMES[path] ?? path.split('.').at(-1)?.replace(/\[\d+\]$/, '') ?? path;
}

const parentOf = (path: string): string | null => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null);

/**
 * `lr 0.003 · batch 64`: the fields of `config` that differ from `base` (at most three, then `…`). An
 * option the base sets and `config` leaves out as a whole (every field under it) is one `stopWhen off`.
 */
export function describeDifferences(config: RunConfig, base: RunConfig): string {
  const mine = flattenConfig(config);
  const theirs = flattenConfig(base);
  const paths = [...new Set([...mine.keys(), ...theirs.keys()])].filter((path) => path !== 'name' && mine.get(path) !== theirs.get(path));
  const droppedWhole = (parent: string | null): parent is string =>
    parent !== null && ![...mine.keys()].some((path) => path.startsWith(`${parent}.`));
  // A Set keeps the first of the equal `stopWhen off` parts, in order.
  const named = new Set(
    paths.map((path) => {
      const parent = parentOf(path);
      return mine.get(path) === undefined && droppedWhole(parent) ? `${shortName(parent)} off` : `${shortName(path)} ${mine.get(path) ?? '–'}`;
    }),
  );
  const parts = [...named];
  const shown = parts.slice(0, MAX_DIFFERENCES);
  return parts.length > MAX_DIFFERENCES ? `${shown.join(' · ')} · …` : shown.join(' · ');
}

/** `name`, or `name #2`, `name #3`… : the first not in `taken`. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let n = 2; ; n++) if (!used.has(`${name} #${n}`)) return `${name} #${n}`;
}

/**
 * The name of a new run: a name the user gave stays as given; otherwise the preset id with what
 * differs from the preset's config (or `run` without a preset), unique among `taken`.
 */
export function defaultRunName(args: { config: RunConfig; preset?: { id: string; config: RunConfig }; taken: Iterable<string> }): string {
  const { config, preset } = args;
  const given = config.name !== undefined && config.name !== '' && config.name !== preset?.id ? config.name : null;
  if (given) return given;
  const differences = preset ? describeDifferences(config, preset.config) : '';
  const base = preset ? (differences ? `${preset.id} · ${differences}` : preset.id) : 'run';
  return uniqueName(base, args.taken);
}
