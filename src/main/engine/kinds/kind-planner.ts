/**
 * How each model kind plans its layers (engine/kinds/<kind>/plan.ts), behind one interface.
 * Pure: no tfjs, so runs.validate summarises any model without a backend.
 */
import type { ModelKind } from '../../../shared/config.js';
import type { ModelConfigOf } from '../../../shared/kinds/registry.js';
import type { ArchitecturePlan, LayerSpec } from '../layer-spec.js';

export interface KindPlanner<K extends ModelKind = ModelKind> {
  /** Every layer of the model, in the order its summary lists them. */
  summaryLayers(config: ModelConfigOf<K>, sampleShape: number[]): LayerSpec[];
  /** The encoder/decoder plan of an autoencoder; null for kinds that are not autoencoders. */
  readonly autoencoder: ((config: ModelConfigOf<K>, sampleShape: number[]) => ArchitecturePlan) | null;
}

/** The planner of an autoencoder kind: its summary lists the encoder, a VAE's log-variance head beside the mean head, then the decoder. */
export function autoencoderPlanner<K extends ModelKind>(plan: (config: ModelConfigOf<K>, sampleShape: number[]) => ArchitecturePlan): KindPlanner<K> {
  return {
    summaryLayers(config, sampleShape) {
      const planned = plan(config, sampleShape);
      return [...planned.encoder, ...(planned.logVarHead ? [planned.logVarHead] : []), ...planned.decoder];
    },
    autoencoder: plan,
  };
}
