/**
 * Latent lab store: which model the lab explores (a run's checkpoint, opened on demand, or a model
 * opened from a folder), its projection of a dataset, and the results of each tool.
 *
 * Decoding follows the pointer: a drag asks for a decode on every mouse move, so at most one
 * decode is in flight and only the latest point asked for meanwhile is sent next; the others are
 * dropped, never queued.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  LatentActivations,
  LatentDecoded,
  LatentFeatureMaps,
  LatentProjection,
  OpenedModel,
  RunSummary,
} from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';
import { useModelsStore } from './models.js';

/** What the lab explores: a run (its latest checkpoint) or an opened model. */
export type LatentSource = { kind: 'run'; runId: number } | { kind: 'model'; modelId: number };

/** The tools whose results the store keeps, each with its own busy flag and error. */
export type LatentTool = 'project' | 'grid' | 'interpolate' | 'perturb' | 'fitted' | 'activations' | 'featureMaps' | 'classSamples';

export interface DecodedPoint {
  point: [number, number];
  decoded: LatentDecoded;
  /** Round trip of the decode call in milliseconds. */
  ms: number;
}

export const useLatentStore = defineStore('latent', () => {
  const source = ref<LatentSource | null>(null);
  const model = ref<OpenedModel | null>(null);
  const datasetId = ref<string | null>(null);
  const projection = shallowRef<LatentProjection | null>(null);
  const decoded = shallowRef<DecodedPoint | null>(null);
  const grid = shallowRef<(LatentDecoded & { steps: number }) | null>(null);
  const interpolation = shallowRef<(LatentDecoded & { indexA: number; indexB: number }) | null>(null);
  const perturbation = shallowRef<(LatentDecoded & { input: number[] }) | null>(null);
  const fitted = shallowRef<LatentDecoded | null>(null);
  const activations = shallowRef<LatentActivations | null>(null);
  const featureMaps = shallowRef<(LatentFeatureMaps & { index: number }) | null>(null);
  /** A conditional model's prior codes decoded as every class (rows = classes). */
  const classSamples = shallowRef<(LatentDecoded & { classes: number; perClass: number }) | null>(null);
  /** The class a conditional model decodes as (decode, grid, fitted samples). */
  const decodeClass = ref(0);
  const busy = ref<Partial<Record<LatentTool | 'open', boolean>>>({});
  const errors = ref<Partial<Record<LatentTool | 'open' | 'decode', string>>>({});
  /** Samples chosen (by dataset index) for the interpolation ends and the perturbed code. */
  const picks = ref({ a: 0, b: 1, sample: 0 });
  /** Which pick the next click on the scatter sets (the sample nearest to the click), if any. */
  const pickMode = ref<keyof typeof picks.value | null>(null);
  /** Decodes answered so far (for the UI and tests: it changes with every decode shown). */
  const decodeCount = ref(0);

  // Runs opened for the lab, by run id, with the epoch their checkpoint was written at.
  const runModels = new Map<number, { model: OpenedModel; epochsDone: number }>();
  let pendingPoint: [number, number] | null = null;
  let decoding = false;
  // Bumped when the model or projection changes, so late answers about the old one are ignored.
  let generation = 0;
  // Bumped by every choice of source, so that a slow open does not override a later choice.
  let choices = 0;

  const hasEncoder = computed(() => model.value?.parts.includes('encoder') ?? false);
  const isConvCode = computed(() => (projection.value?.codeShape.length ?? 0) === 3);
  /** Classes a conditional model is conditioned on; null for an unconditional one (no class to pick). */
  const conditionClasses = computed(() => model.value?.conditionClasses ?? null);
  /** The class argument of the decoding tools: the picked class for a conditional model, nothing otherwise. */
  const classArgument = (): number | undefined => (conditionClasses.value === null ? undefined : decodeClass.value);

  function clearResults(): void {
    generation++;
    pendingPoint = null;
    projection.value = null;
    decoded.value = null;
    grid.value = null;
    interpolation.value = null;
    perturbation.value = null;
    fitted.value = null;
    activations.value = null;
    featureMaps.value = null;
    classSamples.value = null;
    errors.value = {};
  }

  async function track<T>(tool: LatentTool | 'open', work: () => Promise<T>): Promise<T | undefined> {
    busy.value[tool] = true;
    delete errors.value[tool];
    try {
      return await work();
    } catch (e) {
      errors.value[tool] = errorMessage(e);
      return undefined;
    } finally {
      busy.value[tool] = false;
    }
  }

  /**
   * Explore a run (its checkpoint is opened once, and again when it has trained further) or an
   * opened model; `defaultDataset` is used unless the user chose another one that still fits.
   */
  async function choose(next: LatentSource, run?: RunSummary): Promise<void> {
    source.value = next;
    clearResults();
    model.value = null;
    const chosen = ++choices;
    const opened = await track('open', async () => {
      if (next.kind === 'model') {
        const found = useModelsStore().opened.find((m) => m.id === next.modelId);
        if (!found) throw new Error(`model ${next.modelId} is not open`);
        return found;
      }
      const known = runModels.get(next.runId);
      if (known && (!run || known.epochsDone === run.epochsDone)) return known.model;
      if (known) await lab().models.close(known.model.id).catch(() => undefined);
      const opened = await lab().models.openRun(next.runId);
      runModels.set(next.runId, { model: opened, epochsDone: run?.epochsDone ?? 0 });
      return opened;
    });
    if (chosen !== choices) return;
    model.value = opened ?? null;
    decodeClass.value = 0;
    if (run) datasetId.value = run.datasetId;
  }

  async function project(count: number): Promise<void> {
    const current = model.value;
    const dataset = datasetId.value;
    if (!current || !dataset) return;
    clearResults();
    const mine = generation;
    const result = await track('project', () => lab().latent.project(current.id, dataset, count));
    if (result && mine === generation) projection.value = result;
  }

  /** Pick the class a conditional model decodes as; the point shown is decoded again as that class. */
  function setDecodeClass(classIndex: number): void {
    decodeClass.value = classIndex;
    if (decoded.value) decodeAt(decoded.value.point);
  }

  /** Decode a plane point now, or as soon as the decode in flight returns (the latest point wins). */
  function decodeAt(point: [number, number]): void {
    pendingPoint = point;
    if (!decoding) void drain();
  }

  async function drain(): Promise<void> {
    decoding = true;
    try {
      while (pendingPoint && model.value) {
        const point = pendingPoint;
        pendingPoint = null;
        const mine = generation;
        const started = performance.now();
        try {
          const result = await lab().latent.decode(model.value.id, [point], 'plane', classArgument());
          if (mine !== generation) continue;
          decoded.value = { point, decoded: result, ms: performance.now() - started };
          decodeCount.value++;
          delete errors.value.decode;
        } catch (e) {
          errors.value.decode = errorMessage(e);
        }
      }
    } finally {
      decoding = false;
    }
  }

  /** Run a tool on the current model and dataset; its result is kept unless the model changed meanwhile. */
  async function runTool<T>(tool: LatentTool, call: (modelId: number, datasetId: string) => Promise<T>, keep: (result: T) => void): Promise<void> {
    const current = model.value;
    const dataset = datasetId.value;
    if (!current || !dataset) return;
    const mine = generation;
    const result = await track(tool, () => call(current.id, dataset));
    if (result !== undefined && mine === generation) keep(result);
  }

  const loadGrid = (steps: number) =>
    runTool('grid', (id) => lab().latent.grid(id, steps, null, classArgument()), (r) => (grid.value = { ...r, steps }));
  const interpolate = (indexA: number, indexB: number, steps: number) =>
    runTool('interpolate', (id, ds) => lab().latent.interpolate(id, ds, indexA, indexB, steps), (r) => (interpolation.value = { ...r, indexA, indexB }));
  const perturb = (index: number, sigma: number, scale: number, count: number, seed: number) =>
    runTool('perturb', (id, ds) => lab().latent.perturb(id, ds, index, sigma, scale, count, seed), (r) => (perturbation.value = r));
  const sampleFitted = (n: number, seed: number) =>
    runTool('fitted', (id, ds) => lab().latent.sampleFitted(id, ds, n, seed, classArgument()), (r) => (fitted.value = r));
  const loadClassSamples = (perClass: number, seed: number) =>
    runTool('classSamples', (id) => lab().latent.classSamples(id, perClass, seed), (r) => (classSamples.value = { ...r, perClass }));
  const loadActivations = (perClass: number) =>
    runTool('activations', (id, ds) => lab().latent.activations(id, ds, perClass), (r) => (activations.value = r));
  const loadFeatureMaps = (index: number) =>
    runTool('featureMaps', (id, ds) => lab().latent.featureMaps(id, ds, index), (r) => (featureMaps.value = { ...r, index }));

  return {
    source, model, datasetId, projection, decoded, grid, interpolation, perturbation, fitted, activations, featureMaps, classSamples,
    busy, errors, decodeCount, picks, pickMode, hasEncoder, isConvCode, conditionClasses, decodeClass,
    choose, project, decodeAt, setDecodeClass, loadGrid, interpolate, perturb, sampleFitted, loadActivations, loadFeatureMaps, loadClassSamples,
  };
});
