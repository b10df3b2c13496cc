/**
 * Run configuration: the JSON document that fully describes one training run.
 *
 * Versioned with `schemaVersion`; every field is validated by zod at each boundary
 * (CLI --config files, LabApi payloads, rows read back from the store).
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { lossSchema } from './config-primitives.js';
import { MODEL_SCHEMAS } from './kinds/schemas.js';

export * from './config-primitives.js';
export { denseModelSchema, type DenseModelConfig } from './kinds/dense.js';
export { convModelSchema, type ConvModelConfig } from './kinds/conv.js';
export { vaeModelSchema, type VaeModelConfig } from './kinds/vae.js';
export { ganModelSchema, type GanModelConfig } from './kinds/gan.js';

/**
 * Version 2 made two meanings explicit that version 1 left implied: `training.optimizer.weightDecayMode`
 * (version 1 always decayed decoupled) and `model.init` (version 1 always used Glorot uniform).
 * migrateRunConfig() brings a version-1 document to version 2 with exactly those values.
 */
export const CONFIG_SCHEMA_VERSION = 2;

/** Metric names recorded per epoch and split. */
export const METRIC_NAMES = [
  'loss',
  'mse',
  'mae',
  'bce',
  'binaryAccuracy',
  'psnr',
  'maxWrongPixels',
  'meanWrongPixels',
  /** VAE: reconstruction part of the loss (summed per sample, batch mean). */
  'reconstruction',
  /** VAE: KL divergence to the prior (summed over latent dimensions, batch mean). */
  'kl',
  /** VAE: latent dimensions whose mean KL exceeds 0.01 nats (the rest have collapsed to the prior). */
  'activeUnits',
  /** GAN: discriminator loss (real + fake binary cross-entropy). */
  'discriminatorLoss',
  /** GAN: generator loss (non-saturating). */
  'generatorLoss',
  /** Anomaly detection: area under the ROC curve on the evaluation split. */
  'auroc',
  /** Anomaly detection: area under the precision-recall curve. */
  'auprc',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/** Metric values of one split at one epoch; binary-only metrics are absent for non-binary data. */
export type MetricValues = Partial<Record<MetricName, number>>;


/** Which samples of which dataset a run trains and validates on. */
export const datasetRefSchema = z.strictObject({
  /** Registry id (`mnist`, `font5x7`, …) or the name of an imported dataset. */
  id: z.string().min(1),
  /** Keep only these class labels (both splits). Omitted: all classes. */
  classes: z.array(z.number().int().min(0)).min(1).optional(),
  /** Use at most this many training samples (first N after class filtering). */
  trainLimit: z.number().int().positive().optional(),
  /** Use at most this many validation samples. */
  valLimit: z.number().int().positive().optional(),
  /**
   * Fraction of the training samples held out for validation when the dataset has no
   * test split of its own. 0 means validate on the training set itself (tiny sets like the font).
   */
  valFraction: z.number().min(0).max(0.9).default(0.1),
});
export type DatasetRef = z.infer<typeof datasetRefSchema>;






export const modelSchema = z.discriminatedUnion('kind', MODEL_SCHEMAS);
export type ModelConfig = z.infer<typeof modelSchema>;
export type ModelKind = ModelConfig['kind'];

export const optimizerSchema = z.strictObject({
  name: z.enum(['adam', 'rmsprop', 'sgd']),
  learningRate: z.number().positive().max(10),
  /** SGD and RMSprop momentum. */
  momentum: z.number().min(0).max(1).default(0),
  /** Adam beta1 / beta2. */
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  /**
   * ε added to the denominator of Adam and RMSprop. Default: tfjs' and Keras' 1e-7; PyTorch's
   * torch.optim.Adam and RMSprop use 1e-8, which a reproduction of PyTorch code should set.
   */
  epsilon: z.number().positive().max(1).optional(),
  /** Weight decay λ applied by the optimizer each step (0 = none); `weightDecayMode` says how. */
  weightDecay: z.number().min(0).default(0),
  /**
   * How `weightDecay` acts:
   * - `decoupled` (the default): after each step w ← w − lr·λ·w on the kernels only (not biases nor
   *   batch-norm parameters), as torch.optim.AdamW(weight_decay=λ) and Keras' AdamW(weight_decay=λ) do
   *   for Adam; the same decoupled rule for RMSprop and SGD.
   * - `coupled`: the L2 gradient λ·w is added to the gradient of EVERY trainable parameter (kernels,
   *   biases, batch-norm scales and offsets) before the optimizer's update, exactly what
   *   torch.optim.Adam / RMSprop / SGD(weight_decay=λ) do. Under Adam this term is rescaled by the
   *   adaptive denominator, so the same λ means a different experiment in the two modes.
   * Distinct from model.weightDecay, a Keras kernel regulariser (an L2 penalty in the loss, kernels only).
   */
  weightDecayMode: z.enum(['coupled', 'decoupled']).default('decoupled'),
});
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

/** Learning-rate schedule over epochs. */
export const lrScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  /** Multiply the rate by `factor` every `everyEpochs` epochs. */
  z.strictObject({ kind: z.literal('step'), factor: z.number().positive().max(1), everyEpochs: z.number().int().positive() }),
  /** Cosine decay from the initial rate to `minLearningRate` at the last epoch. */
  z.strictObject({ kind: z.literal('cosine'), minLearningRate: z.number().min(0) }),
]);
export type LrSchedule = z.infer<typeof lrScheduleSchema>;

/** Stop early once a validation metric reaches a target (e.g. maxWrongPixels <= 0). */
export const stopWhenSchema = z.strictObject({
  metric: z.string().min(1),
  /** Stop when the metric is at or below this value. */
  atMost: z.number(),
});

export const trainingSchema = z.strictObject({
  epochs: z.number().int().positive().max(1_000_000),
  batchSize: z.number().int().positive().max(65536),
  optimizer: optimizerSchema,
  loss: lossSchema.default('mse'),
  /** Seed for weight init, shuffling and splits: same seed + same backend = same run. */
  seed: z.number().int().min(0).default(42),
  shuffle: z.boolean().default(true),
  /** Evaluate on the validation split every N epochs (and always at the last epoch). */
  validationEvery: z.number().int().positive().default(1),
  lrSchedule: lrScheduleSchema.default({ kind: 'constant' }),
  stopWhen: stopWhenSchema.optional(),
  /** Save a checkpoint every N epochs (and always at the end). */
  checkpointEvery: z.number().int().positive().default(10),
});
export type TrainingConfig = z.infer<typeof trainingSchema>;

/**
 * Corruption applied on the fly to the inputs of a denoising autoencoder (the target stays clean).
 * Values are clipped back to [0, 1].
 */
export const corruptionSchema = z.discriminatedUnion('kind', [
  /** Add N(0, sigma²) to every value. */
  z.strictObject({ kind: z.literal('gaussian'), sigma: z.number().positive().max(10) }),
  /** Set each value to 0 or 1 (equally likely) with probability p. */
  z.strictObject({ kind: z.literal('saltPepper'), p: z.number().positive().max(1) }),
  /** Flip exactly k randomly chosen values (binary data such as the font: 0 ↔ 1). */
  z.strictObject({ kind: z.literal('bitFlip'), k: z.number().int().positive() }),
  /** Set each value to 0 with probability `fraction`. */
  z.strictObject({ kind: z.literal('mask'), fraction: z.number().positive().max(1) }),
]);
export type Corruption = z.infer<typeof corruptionSchema>;

export const denoisingSchema = z.strictObject({
  corruption: corruptionSchema,
  /**
   * Noise levels of the evaluation sweep run after training (sigma, p, k or fraction, as the
   * corruption kind says). Default: a spread around the training level.
   */
  evaluationLevels: z.array(z.number().min(0)).min(1).max(32).optional(),
});
export type DenoisingConfig = z.infer<typeof denoisingSchema>;

/** How the anomaly threshold on the reconstruction error is chosen. */
export const anomalyThresholdSchema = z.discriminatedUnion('mode', [
  /** mean + k·σ of the errors of the normal training samples. */
  z.strictObject({ mode: z.literal('meanStd'), k: z.number().min(0).max(100).default(3) }),
  /** This percentile (0–100) of the errors of the normal training samples. */
  z.strictObject({ mode: z.literal('percentile'), percentile: z.number().min(0).max(100) }),
  /** A fixed error value. */
  z.strictObject({ mode: z.literal('manual'), value: z.number().min(0) }),
]);
export type AnomalyThreshold = z.infer<typeof anomalyThresholdSchema>;

/**
 * Anomaly detection by reconstruction error: the model trains (and validates) on the normal classes
 * only; after training every sample of the evaluation split is scored, samples of other classes
 * being the anomalies.
 */
export const anomalySchema = z.strictObject({
  /** Class labels that count as normal. */
  normalClasses: z.array(z.number().int().min(0)).min(1),
  threshold: anomalyThresholdSchema.default({ mode: 'meanStd', k: 3 }),
  /** Per-sample error used as the score. */
  score: z.enum(['mse', 'mae']).default('mse'),
  /** Score at most this many evaluation samples (normal and anomalous together). */
  evalLimit: z.number().int().positive().optional(),
});
export type AnomalyConfig = z.infer<typeof anomalySchema>;

/**
 * A published figure a run reproduces (a course report's table cell): shown beside the run's own
 * value with the deviation. Recorded with the run; it does not change the training.
 */
export const referenceSchema = z.strictObject({
  /** Where the figure comes from, e.g. "course report: MNIST dense grid, ReLU, 50 epochs". */
  source: z.string().min(1).max(300),
  /** The metric the figure is a value of (e.g. `mse`). */
  metric: z.enum(METRIC_NAMES),
  /** The split it was measured on (`val`: the validation split, the 10k test set for MNIST). */
  split: z.enum(['train', 'val']),
  /** The epoch (1-based, after that many epochs) the figure was read at. */
  epochs: z.number().int().positive(),
  value: z.number().finite(),
});
export type Reference = z.infer<typeof referenceSchema>;

export const runConfigSchema = z.strictObject({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION).default(CONFIG_SCHEMA_VERSION),
  /** Human-readable run name; defaults to the preset id or "run". */
  name: z.string().max(200).optional(),
  dataset: datasetRefSchema,
  model: modelSchema,
  training: trainingSchema,
  /** Train as a denoising autoencoder. */
  denoising: denoisingSchema.optional(),
  /** Anomaly detection by reconstruction error. */
  anomaly: anomalySchema.optional(),
  /** The published figure this run reproduces; null or absent: none. */
  reference: referenceSchema.nullable().optional(),
});
/** A validated run config (defaults filled in). */
export type RunConfig = z.infer<typeof runConfigSchema>;
/** What a user may write: defaults may be omitted. */
export type RunConfigInput = z.input<typeof runConfigSchema>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Brings an older run config document to the current schema version, keeping its meaning; other
 * input is returned as it is. Version 1 → 2: its optimizer weight decay was decoupled and its
 * layers Glorot-initialised, so those become explicit (`weightDecayMode: "decoupled"`,
 * `model.init: "glorotUniform"`) rather than left to defaults that may change.
 */
export function migrateRunConfig(input: unknown): unknown {
  if (!isObject(input) || input.schemaVersion !== 1) return input;
  const copy = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  copy.schemaVersion = 2;
  const optimizer = isObject(copy.training) ? copy.training.optimizer : undefined;
  if (isObject(optimizer)) optimizer.weightDecayMode ??= 'decoupled';
  if (isObject(copy.model)) copy.model.init ??= 'glorotUniform';
  return copy;
}

/**
 * Parse and validate (older schema versions are migrated first); throws a ConfigError listing every
 * problem as `path: message`. A field the schema does not know (`training.validationEvry`) is a
 * problem too, named with its full path and the nearest known field: a typo must not silently fall
 * back to a default.
 */
export function parseRunConfig(input: unknown): RunConfig {
  const migrated = migrateRunConfig(input);
  const result = runConfigSchema.safeParse(migrated);
  if (!result.success) throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, migrated)));
  return result.data;
}

/**
 * Parse a config stored by an earlier version (a run row, an exported file): fields this version no
 * longer knows are dropped, not refused, so an old run still opens. Everything else is checked as
 * strictly as parseRunConfig does.
 */
export function parseStoredRunConfig(input: unknown): RunConfig {
  let current = migrateRunConfig(input);
  // Each pass removes the unknown keys zod reported; nested objects may need a second pass.
  for (let pass = 0; pass < 8; pass++) {
    const result = runConfigSchema.safeParse(current);
    if (result.success) return result.data;
    const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (unknown.length === 0) break;
    current = structuredClone(current);
    for (const issue of unknown) {
      const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], current);
      if (owner && typeof owner === 'object') for (const key of issue.keys) delete (owner as Record<string, unknown>)[key];
    }
  }
  return parseRunConfig(current);
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const where = issue.path.join('.');
  if (issue.code !== 'unrecognized_keys') return [`${where || '(root)'}: ${issue.message}`];
  const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], input);
  const known = owner && typeof owner === 'object' ? knownKeysNear(issue.path) : [];
  return issue.keys.map((key) => {
    const suggestion = nearest(key, known);
    return `${where ? `${where}.` : ''}${key}: unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
  });
}

/** The field names the schema accepts at `path` (the union's members merged where a kind decides). */
function knownKeysNear(path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const visit = (schema: z.core.$ZodType, rest: readonly PropertyKey[]): void => {
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; options?: z.core.$ZodType[]; innerType?: z.core.$ZodType; element?: z.core.$ZodType };
    if (def.innerType) return visit(def.innerType, rest);
    if (def.options) return def.options.forEach((option) => visit(option, rest));
    if (def.type === 'array' && def.element) return visit(def.element, rest.slice(1));
    if (!def.shape) return;
    if (rest.length === 0) Object.keys(def.shape).forEach((key) => keys.add(key));
    else if (typeof rest[0] === 'string' && def.shape[rest[0]]) visit(def.shape[rest[0]]!, rest.slice(1));
  };
  visit(runConfigSchema, path);
  return [...keys];
}

/** The known name closest to `name` by edit distance, when it is close enough to be a typo. */
function nearest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid run config: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
