/**
 * Compatibility of a run config with its model kind and its dataset, checked once before a run is
 * queued (services, CLI, sweeps) and by the run form as the user edits. The planner's check that
 * the model fits the sample shape runs beside it on the main side (summarizeArchitecture).
 * Pure module: no Node, no DOM, no electron.
 */
import type { RunConfig } from '../config.js';
import type { DatasetInfo } from '../datasets.js';
import type { Reason, ReasonCode } from '../reasons.js';
import { conditioningOf, kindSpec, recordedMetrics } from './registry.js';

/** One incompatibility, at the config path it is about: the English message and its translatable reason. */
export interface RunConfigProblem {
  path: string;
  message: string;
  reason: Reason;
}

const problem = (path: string, message: string, code: ReasonCode, params: Record<string, string | number> = {}): RunConfigProblem => ({
  path, message, reason: { code, params: { path, ...params } },
});

/** What the check needs to know of the dataset (DatasetInfo fits). */
export type DatasetFacts = Pick<DatasetInfo, 'id' | 'binary' | 'classNames'>;

function stopWhenProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const metric = config.training.stopWhen?.metric;
  if (metric === undefined) return [];
  const kind = config.model.kind;
  const recorded: readonly string[] = recordedMetrics(kind, dataset.binary);
  if (recorded.includes(metric)) return [];
  const onBinary: readonly string[] = recordedMetrics(kind, true);
  const path = 'training.stopWhen.metric';
  return [
    onBinary.includes(metric)
      ? problem(path, `"${metric}" is only computed for binary datasets, and ${dataset.id} is not binary`, 'stopMetricBinaryOnly', { metric, dataset: dataset.id })
      : problem(path, `${kindSpec(kind).description} records ${recorded.join(', ')}, not "${metric}"`, 'stopMetricNotRecorded', { metric, kind, recorded: recorded.join(', ') }),
  ];
}

function anomalyProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const settings = config.anomaly;
  if (!settings) return [];
  const spec = kindSpec(config.model.kind);
  const kind = config.model.kind;
  if (!spec.capabilities.anomalyScoring) {
    return [
      spec.capabilities.reconstructs
        ? problem('anomaly', `anomaly detection scores reconstructions of unlabelled inputs, and ${spec.description} needs each input's label: use a model kind without one`, 'anomalyNeedsUnlabelledKind', { kind })
        : problem('anomaly', `anomaly detection scores reconstructions, and ${spec.description} reconstructs nothing: use a model kind that reconstructs`, 'anomalyNeedsReconstruction', { kind }),
    ];
  }
  const classes = dataset.classNames.length;
  if (classes === 0) return [problem('anomaly', `anomaly detection needs class labels, and dataset ${dataset.id} has none`, 'anomalyNeedsLabels', { dataset: dataset.id })];
  const unknown = settings.normalClasses.filter((c) => c >= classes);
  if (unknown.length > 0) {
    return [
      problem('anomaly.normalClasses', `dataset ${dataset.id} has classes 0..${classes - 1}; no class ${unknown.join(', ')}`, 'anomalyUnknownClasses', {
        dataset: dataset.id, last: classes - 1, classes: unknown.join(', '),
      }),
    ];
  }
  const used = config.dataset.classes ?? dataset.classNames.map((_, c) => c);
  if (used.every((c) => settings.normalClasses.includes(c))) {
    return [problem('anomaly.normalClasses', `every class of ${dataset.id} the run uses is normal, so nothing could be an anomaly`, 'anomalyAllNormal', { dataset: dataset.id })];
  }
  return [];
}

/** A conditional model trains on labels: the dataset must have them, as many classes as the model's one-hot label. */
function conditioningProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const conditioning = conditioningOf(config.model);
  if (!conditioning) return [];
  const description = kindSpec(config.model.kind).description;
  const classes = dataset.classNames.length;
  const kind = config.model.kind;
  if (classes === 0) {
    return [
      problem('model.kind', `${description} is conditioned on class labels, and dataset ${dataset.id} has none: pick a labelled dataset or another model kind`, 'conditioningNeedsLabels', {
        kind, dataset: dataset.id,
      }),
    ];
  }
  if (classes !== conditioning.classes) {
    return [
      problem('model.classes', `dataset ${dataset.id} has ${classes} classes, so ${description} on it needs model.classes ${classes}, not ${conditioning.classes}`, 'conditioningClassCount', {
        kind, dataset: dataset.id, classes, configured: conditioning.classes,
      }),
    ];
  }
  return [];
}

/** Every incompatibility of `config` with its model kind and with `dataset`; empty when it can run. */
export function runConfigProblems(config: RunConfig, dataset: DatasetFacts): RunConfigProblem[] {
  const spec = kindSpec(config.model.kind);
  const denoising: RunConfigProblem[] =
    config.denoising && !spec.capabilities.denoising
      ? [
          spec.capabilities.reconstructs
            ? problem('denoising', `${spec.description} does not train on corrupted inputs: use a VAE or a plain autoencoder to denoise`, 'denoisingUnsupported', { kind: config.model.kind })
            : problem('denoising', `denoising trains a model to reconstruct clean inputs, and ${spec.description} reconstructs nothing`, 'denoisingNeedsReconstruction', { kind: config.model.kind }),
        ]
      : [];
  return [...stopWhenProblems(config, dataset), ...denoising, ...anomalyProblems(config, dataset), ...conditioningProblems(config, dataset)];
}

/** Thrown when a config cannot run as asked: lists every problem as `path: message`. */
export class RunConfigError extends Error {
  readonly problems: RunConfigProblem[];
  /** One translatable reason per problem (see ../reasons.ts). */
  readonly reasons: Reason[];
  constructor(problems: RunConfigProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'RunConfigError';
    this.problems = problems;
    this.reasons = problems.map((p) => p.reason);
  }
}
