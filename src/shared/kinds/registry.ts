/**
 * The model-kind registry: one spec per kind. A kind without an entry does not compile.
 * Pure module: no Node, no DOM, no electron.
 */
import type { MetricName, ModelConfig, ModelKind } from '../config.js';
import { CONV_KIND } from './conv.js';
import { CVAE_KIND } from './cvae.js';
import { DENSE_KIND } from './dense.js';
import { GAN_KIND } from './gan.js';
import type { Conditioning, KindSpec, LatentPrior, ModelConfigOf } from './kind-spec.js';
import { MODEL_SCHEMAS } from './schemas.js';
import { VAE_KIND } from './vae.js';

export const KIND_SPECS: { readonly [K in ModelKind]: KindSpec<K> } = {
  dense: DENSE_KIND,
  conv: CONV_KIND,
  vae: VAE_KIND,
  gan: GAN_KIND,
  cvae: CVAE_KIND,
};

/** Every model kind, in the registry's order (the order the run form lists them). */
export const MODEL_KINDS = Object.keys(KIND_SPECS) as ModelKind[];

/** The spec of a model kind. */
export function kindSpec<K extends ModelKind>(kind: K): KindSpec<K> {
  return KIND_SPECS[kind];
}

/** True when `value` names a registered model kind (run records store it as text). */
export function isModelKind(value: string): value is ModelKind {
  return Object.hasOwn(KIND_SPECS, value);
}

/** The metrics a model of `kind` records on `binary` (or other) data. */
export function recordedMetrics(kind: ModelKind, binary: boolean): MetricName[] {
  const { always, binaryOnly } = KIND_SPECS[kind].metrics;
  return binary ? [...always, ...binaryOnly] : [...always];
}

/** The latent prior of a model; null when its kind has none. */
export function priorOf(model: ModelConfig): LatentPrior | null {
  // The spec of the model's own kind takes the model.
  const prior = (KIND_SPECS[model.kind] as KindSpec).prior;
  return prior ? prior(model) : null;
}

/** What a model is conditioned on (the class count of its one-hot label input); null when its kind is unconditional. */
export function conditioningOf(model: ModelConfig): Conditioning | null {
  const conditioning = (KIND_SPECS[model.kind] as KindSpec).conditioning;
  return conditioning ? conditioning(model) : null;
}

/** True when a model of `kind` takes `field` (its config schema has it): for form fields shared by several kinds. */
export function modelTakes(kind: ModelKind, field: string): boolean {
  const schema = MODEL_SCHEMAS.find((candidate) => candidate.shape.kind.value === kind);
  return schema !== undefined && Object.hasOwn(schema.shape, field);
}

/** A new model of `kind` with the registry's defaults. */
export function defaultModel<K extends ModelKind>(kind: K): ModelConfigOf<K> {
  return KIND_SPECS[kind].defaults();
}

export type { CheckpointPart, Conditioning, KindCapabilities, KindSpec, LatentPrior, ModelConfigOf } from './kind-spec.js';
export type { ModelConfig };
