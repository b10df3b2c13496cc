/**
 * Architecture planning: turns a ModelConfig and a sample shape into the exact list of layers
 * (names, output shapes, parameter counts), by asking the kind's planner (engine/kinds/planners.ts).
 *
 * Pure (no tfjs): the builders turn each LayerSpec into a tf layer, and summarizeArchitecture()
 * answers `runs.validate` in the main process without any backend.
 */
import type { ArchitectureSummary } from '../../shared/api.js';
import type { ModelConfig } from '../../shared/config.js';
import { kindSpec } from '../../shared/kinds/registry.js';
import type { KindPlanner } from './kinds/kind-planner.js';
import { KIND_PLANNERS } from './kinds/planners.js';
import { ArchitectureError, checkSampleShape, type ArchitecturePlan } from './layer-spec.js';

export { ArchitectureError, DENSE_LEAKY_ALPHA, torchFanIn, type ArchitecturePlan, type LayerActivation, type LayerSpec, type WeightedLayerSpec } from './layer-spec.js';

/** The planner of a config's kind (the config is of that kind, so the planner takes it). */
const plannerOf = (model: ModelConfig): KindPlanner => KIND_PLANNERS[model.kind] as KindPlanner;

/** Plans the encoder and decoder of an autoencoder for samples of `sampleShape` (no batch dimension). */
export function planArchitecture(model: ModelConfig, sampleShape: number[]): ArchitecturePlan {
  checkSampleShape(sampleShape);
  const plan = plannerOf(model).autoencoder;
  if (!plan) throw new ArchitectureError(`model.kind "${model.kind}" is not an autoencoder: ${kindSpec(model.kind).description} has no encoder and decoder to plan`);
  return plan(model, sampleShape);
}

/**
 * Describes the model's layers and parameter counts without building it (no tf backend needed).
 * Names, output shapes and counts match the models the kind's builder creates.
 */
export function summarizeArchitecture(model: ModelConfig, sampleShape: number[]): ArchitectureSummary {
  checkSampleShape(sampleShape);
  const layers = plannerOf(model)
    .summaryLayers(model, sampleShape)
    .map((l) => ({ name: l.name, type: l.type, outputShape: [null, ...l.outputShape], params: l.params }));
  return { inputShape: [...sampleShape], layers, totalParams: layers.reduce((sum, l) => sum + l.params, 0) };
}
