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

/** Fully connected autoencoder. */
export const denseModelSchema = z.strictObject({
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
export const convBlockSchema = z.strictObject({
  filters: z.number().int().positive(),
  kernel: z.number().int().positive().default(3),
});

/** Convolutional autoencoder: stride-2 Conv2D blocks, mirrored Conv2DTranspose decoder, 1x1 sigmoid conv. */
export const convModelSchema = z.strictObject({
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

/**
 * Variational autoencoder: the encoder ends in two heads, the mean and the log-variance of a
 * diagonal Gaussian posterior; a code is sampled with the reparameterisation trick during training
 * (the mean is used at inference). Loss = reconstruction (training.loss, summed over the values of
 * a sample) + beta × KL(q(z|x) ‖ N(0, I)), averaged over the batch; both parts are recorded.
 */
export const vaeModelSchema = z.strictObject({
  kind: z.literal('vae'),
  /** Dense hidden widths of the encoder before the two heads, e.g. [64, 16]. Ignored when `convBlocks` is set. */
  encoder: z.array(z.number().int().positive()).default([]),
  /** A convolutional encoder instead (stride-2 Conv2D blocks), mirrored by a Conv2DTranspose decoder. */
  convBlocks: z.array(convBlockSchema).min(1).optional(),
  /** Size of the latent code (the mean and the log-variance heads). */
  latent: z.number().int().positive(),
  /** Dense decoder hidden widths. Default: mirror of the encoder. */
  decoder: z.array(z.number().int().positive()).optional(),
  /** Activation of every hidden layer (the heads are linear). */
  activation: activationSchema.default('relu'),
  outputActivation: outputActivationSchema.default('sigmoid'),
  /** Weight of the KL term (beta-VAE); 1 is the standard VAE. */
  beta: z.number().min(0).max(1000).default(1),
  /** Batch normalisation after each conv block (conv VAEs only). */
  batchNorm: z.boolean().default(false),
});
export type VaeModelConfig = z.infer<typeof vaeModelSchema>;

/**
 * Generative adversarial network, for comparison with the autoencoders: a generator from a
 * `latent`-sized prior sample to a data sample and a discriminator, both trained with Adam
 * (training.optimizer) on the non-saturating GAN loss.
 */
export const ganModelSchema = z.strictObject({
  kind: z.literal('gan'),
  /** `dense` MLPs, or `dcgan`: a small convolutional pair for 28x28 images. */
  architecture: z.enum(['dense', 'dcgan']).default('dense'),
  /** Size of the prior sample the generator starts from. */
  latent: z.number().int().positive().default(64),
  /** Prior of the generator's input: N(0, I) or U(-1, 1). */
  prior: z.enum(['normal', 'uniform']).default('normal'),
  /** Dense hidden widths of the generator. */
  generator: z.array(z.number().int().positive()).default([256, 512]),
  /** Dense hidden widths of the discriminator. */
  discriminator: z.array(z.number().int().positive()).default([512, 256]),
  /** Discriminator learning rate; default: training.optimizer.learningRate. */
  discriminatorLearningRate: z.number().positive().max(10).optional(),
});
export type GanModelConfig = z.infer<typeof ganModelSchema>;

export const modelSchema = z.discriminatedUnion('kind', [denseModelSchema, convModelSchema, vaeModelSchema, ganModelSchema]);
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
  /** Decoupled weight decay applied by the optimizer each step (0 = none). */
  weightDecay: z.number().min(0).default(0),
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
});
/** A validated run config (defaults filled in). */
export type RunConfig = z.infer<typeof runConfigSchema>;
/** What a user may write: defaults may be omitted. */
export type RunConfigInput = z.input<typeof runConfigSchema>;

/**
 * Parse and validate; throws a ConfigError listing every problem as `path: message`. A field the
 * schema does not know (`training.validationEvry`) is a problem too, named with its full path and
 * the nearest known field: a typo must not silently fall back to a default.
 */
export function parseRunConfig(input: unknown): RunConfig {
  const result = runConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, input)));
  return result.data;
}

/**
 * Parse a config stored by an earlier version (a run row, an exported file): fields this version no
 * longer knows are dropped, not refused, so an old run still opens. Everything else is checked as
 * strictly as parseRunConfig does.
 */
export function parseStoredRunConfig(input: unknown): RunConfig {
  let current = input;
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
