/**
 * Run configuration: the JSON document that fully describes one training run.
 *
 * Versioned with `schemaVersion`; every field is validated by zod at each boundary
 * (CLI --config files, LabApi payloads, rows read back from the store).
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';

export const CONFIG_SCHEMA_VERSION = 1;

/** Hidden-layer activations. "linear" means no activation at all (the PCA-like case). */
export const activationSchema = z.enum(['relu', 'leakyRelu', 'tanh', 'sigmoid', 'linear']);
export type Activation = z.infer<typeof activationSchema>;

export const outputActivationSchema = z.enum(['sigmoid', 'linear']);
export type OutputActivation = z.infer<typeof outputActivationSchema>;

export const lossSchema = z.enum(['mse', 'bce', 'mae']);
export type LossName = z.infer<typeof lossSchema>;

/** Which samples of which dataset a run trains and validates on. */
export const datasetRefSchema = z.object({
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

/** Fully connected autoencoder. */
export const denseModelSchema = z.object({
  kind: z.literal('dense'),
  /** Encoder layer widths; the last one is the code (latent) size. E.g. [128, 64, 32]. */
  encoder: z.array(z.number().int().positive()).min(1),
  /** Decoder hidden widths (the output layer is added to match the input). Default: mirror of the encoder. */
  decoder: z.array(z.number().int().positive()).optional(),
  /** Activation of every hidden layer, the code included. */
  activation: activationSchema.default('relu'),
  /** Activation of the code layer; defaults to `activation`. */
  codeActivation: activationSchema.optional(),
  /** Activation of the reconstruction layer. */
  outputActivation: outputActivationSchema.default('sigmoid'),
  /** Batch-normalise the code layer. */
  batchNormCode: z.boolean().default(false),
  /** L2 kernel regulariser on every dense layer (0 = none). */
  weightDecay: z.number().min(0).default(0),
});
export type DenseModelConfig = z.infer<typeof denseModelSchema>;

/** One stride-2 Conv2D block of a convolutional encoder. */
export const convBlockSchema = z.object({
  filters: z.number().int().positive(),
  kernel: z.number().int().positive().default(3),
});

/** Convolutional autoencoder: stride-2 Conv2D blocks, mirrored Conv2DTranspose decoder, 1x1 sigmoid conv. */
export const convModelSchema = z.object({
  kind: z.literal('conv'),
  blocks: z.array(convBlockSchema).min(1),
  /** Filters of the Conv2DTranspose decoder blocks. Default: the encoder filters reversed. */
  decoderFilters: z.array(z.number().int().positive()).optional(),
  /** Batch normalisation after each conv (encoder and decoder). */
  batchNorm: z.boolean().default(false),
  /** Negative slope of the LeakyReLU after each conv. */
  leakyAlpha: z.number().min(0).max(1).default(0.2),
  /** L2 kernel regulariser on every conv layer (0 = none). */
  weightDecay: z.number().min(0).default(0),
});
export type ConvModelConfig = z.infer<typeof convModelSchema>;

export const modelSchema = z.discriminatedUnion('kind', [denseModelSchema, convModelSchema]);
export type ModelConfig = z.infer<typeof modelSchema>;
export type ModelKind = ModelConfig['kind'];

export const optimizerSchema = z.object({
  name: z.enum(['adam', 'rmsprop', 'sgd']),
  learningRate: z.number().positive().max(10),
  /** SGD and RMSprop momentum. */
  momentum: z.number().min(0).max(1).default(0),
  /** Adam beta1 / beta2. */
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  /** Decoupled weight decay applied by the optimizer each step (0 = none). */
  weightDecay: z.number().min(0).default(0),
});
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

/** Learning-rate schedule over epochs. */
export const lrScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** Multiply the rate by `factor` every `everyEpochs` epochs. */
  z.object({ kind: z.literal('step'), factor: z.number().positive().max(1), everyEpochs: z.number().int().positive() }),
  /** Cosine decay from the initial rate to `minLearningRate` at the last epoch. */
  z.object({ kind: z.literal('cosine'), minLearningRate: z.number().min(0) }),
]);
export type LrSchedule = z.infer<typeof lrScheduleSchema>;

/** Stop early once a validation metric reaches a target (e.g. maxWrongPixels <= 0). */
export const stopWhenSchema = z.object({
  metric: z.string().min(1),
  /** Stop when the metric is at or below this value. */
  atMost: z.number(),
});

export const trainingSchema = z.object({
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

export const runConfigSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION).default(CONFIG_SCHEMA_VERSION),
  /** Human-readable run name; defaults to the preset id or "run". */
  name: z.string().max(200).optional(),
  dataset: datasetRefSchema,
  model: modelSchema,
  training: trainingSchema,
});
/** A validated run config (defaults filled in). */
export type RunConfig = z.infer<typeof runConfigSchema>;
/** What a user may write: defaults may be omitted. */
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** Parse and validate; throws a ConfigError listing every problem as `path: message`. */
export function parseRunConfig(input: unknown): RunConfig {
  const result = runConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid run config: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

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
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/** Metric values of one split at one epoch; binary-only metrics are absent for non-binary data. */
export type MetricValues = Partial<Record<MetricName, number>>;
