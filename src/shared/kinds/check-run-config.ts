/**
 * Compatibility of a run config with its model kind and its dataset, checked once before a run is
 * queued (services, CLI, sweeps) and by the run form as the user edits. The planner's check that
 * the model fits the sample shape runs beside it on the main side (summarizeArchitecture).
 * Pure module: no Node, no DOM, no electron.
 */
import type { RunConfig } from '../config.js';
import type { DatasetInfo } from '../datasets.js';
import { conditioningOf, kindSpec, recordedMetrics } from './registry.js';

/** One incompatibility, at the config path it is about. */
export interface RunConfigProblem {
  path: string;
  message: string;
}

/** What the check needs to know of the dataset (DatasetInfo fits). */
export type DatasetFacts = Pick<DatasetInfo, 'id' | 'binary' | 'classNames'>;

function stopWhenProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const metric = config.training.stopWhen?.metric;
  if (metric === undefined) return [];
  const kind = config.model.kind;
  const recorded: readonly string[] = recordedMetrics(kind, dataset.binary);
  if (recorded.includes(metric)) return [];
  const onBinary: readonly string[] = recordedMetrics(kind, true);
  const message = onBinary.includes(metric)
    ? `"${metric}" is only computed for binary datasets, and ${dataset.id} is not binary`
    : `${kindSpec(kind).description} records ${recorded.join(', ')}, not "${metric}"`;
  return [{ path: 'training.stopWhen.metric', message }];
}

function anomalyProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const settings = config.anomaly;
  if (!settings) return [];
  const spec = kindSpec(config.model.kind);
  const problem = (message: string): RunConfigProblem[] => [{ path: 'anomaly', message }];
  if (!spec.capabilities.anomalyScoring) {
    return spec.capabilities.reconstructs
      ? problem(`anomaly detection scores reconstructions of unlabelled inputs, and ${spec.description} needs each input's label: use a model kind without one`)
      : problem(`anomaly detection scores reconstructions, and ${spec.description} reconstructs nothing: use a model kind that reconstructs`);
  }
  const classes = dataset.classNames.length;
  if (classes === 0) return problem(`anomaly detection needs class labels, and dataset ${dataset.id} has none`);
  const unknown = settings.normalClasses.filter((c) => c >= classes);
  if (unknown.length > 0) {
    return [{ path: 'anomaly.normalClasses', message: `dataset ${dataset.id} has classes 0..${classes - 1}; no class ${unknown.join(', ')}` }];
  }
  const used = config.dataset.classes ?? dataset.classNames.map((_, c) => c);
  if (used.every((c) => settings.normalClasses.includes(c))) {
    return [{ path: 'anomaly.normalClasses', message: `every class of ${dataset.id} the run uses is normal, so nothing could be an anomaly` }];
  }
  return [];
}

/** A conditional model trains on labels: the dataset must have them, as many classes as the model's one-hot label. */
function conditioningProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const conditioning = conditioningOf(config.model);
  if (!conditioning) return [];
  const description = kindSpec(config.model.kind).description;
  const classes = dataset.classNames.length;
  if (classes === 0) {
    return [{ path: 'model.kind', message: `${description} is conditioned on class labels, and dataset ${dataset.id} has none: pick a labelled dataset or another model kind` }];
  }
  if (classes !== conditioning.classes) {
    return [{ path: 'model.classes', message: `dataset ${dataset.id} has ${classes} classes, so ${description} on it needs model.classes ${classes}, not ${conditioning.classes}` }];
  }
  return [];
}

/** Every incompatibility of `config` with its model kind and with `dataset`; empty when it can run. */
export function runConfigProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const spec = kindSpec(config.model.kind);
  const denoising: RunConfigProblem[] =
    config.denoising && !spec.capabilities.denoising
      ? [{ path: 'denoising', message: spec.capabilities.reconstructs ? `${spec.description} does not train on corrupted inputs: use a VAE or a plain autoencoder to denoise` : `denoising trains a model to reconstruct clean inputs, and ${spec.description} reconstructs nothing` }]
      : [];
  return [...stopWhenProblems(config, dataset), ...denoising, ...anomalyProblems(config, dataset), ...conditioningProblems(config, dataset)];
}

/** Thrown when a config cannot run as asked: lists every problem as `path: message`. */
export class RunConfigError extends Error {
  readonly problems: RunConfigProblem[];
  constructor(problems: RunConfigProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'RunConfigError';
    this.problems = problems;
  }
}
