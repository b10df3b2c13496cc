/** A RunSummary for table and store tests: the font preset's config, overridable. */
import type { RunSummary } from '../../../src/shared/api.js';
import { PRESETS } from '../../../src/shared/presets.js';

export const FONT_CONFIG = PRESETS.find((p) => p.id === 'font5x7-2d')!.config;

export function runSummary(id: number, patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id, experimentId: 1, name: `run ${id}`, status: 'completed', presetId: null, datasetId: 'font5x7', modelKind: 'dense',
    backend: 'wasm', epochsDone: 10, epochsPlanned: 10, createdAt: '', startedAt: null, endedAt: null,
    finalMetrics: { train: {}, val: {} }, error: null, tags: [], notes: '', sweepId: null, reference: null, referenceComparison: null, config: FONT_CONFIG, ...patch,
  };
}
