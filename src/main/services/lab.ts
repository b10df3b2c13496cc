/**
 * Composition root of the main-side services: implements LabApi over the run store, the dataset
 * registry and the run scheduler. The Electron IPC adapter, the browser-mode WebSocket server and
 * the CLI all use this one object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo, LabApi, Settings } from '../../shared/api.js';
import { parseRunConfig } from '../../shared/config.js';
import { PRESETS } from '../../shared/presets.js';
import { defaultRunName } from '../../shared/run-names.js';
import { DatasetRegistry } from '../datasets/registry.js';
import { Store, NotFoundError } from '../store/index.js';
import { resolveDataDir, runDir } from '../store/paths.js';
import { isPidAlive } from '../store/process-identity.js';
import { removeStaleTempsUnder } from '../store/temp-names.js';
import { checkRunConfig, datasetUnavailable } from './check-run-config.js';
import { LabEventBus } from './events.js';
import { embedInWorker } from './embedding.js';
import { throttledImportProgress } from './import-progress.js';
import { LatentLab } from './latent-lab.js';
import { checkTrainingMemory, memoryLimitBytes } from './memory-budget.js';
import { exportModel } from './model-export.js';
import { GenerativeQuality, type GenerativeQualityOptions } from './generative-quality.js';
import { OpenedModels } from './opened-models.js';
import { exportReport, reportHtml } from './reports/index.js';
import { resolveResourcesDir } from './resources.js';
import { RunScheduler } from './run-scheduler.js';
import { resumeRun, withResumeInfo } from './run-resume.js';
import { SweepService } from './sweeps.js';
import { RunArtifacts } from './run-artifacts.js';
import { checkReachable, parseQueueUrl } from './queue/connection.js';
import { QueueOwner } from './queue/owner.js';
import { queueOverview } from './queue/overview.js';
import { RunRouter } from './queue/router.js';
import pkg from '../../../package.json' with { type: 'json' };

/** The services: LabApi without the native dialogs, which only the Electron adapter can offer. */
export type Lab = Omit<LabApi, 'dialogs'> & {
  readonly dataDir: string;
  /** Resolves with the run's terminal status (used by the CLI). */
  waitForRun(runId: number): Promise<string>;
  /** Resolves with the sweep's status once every member ended (used by the CLI). */
  waitForSweep(sweepId: number): Promise<string>;
  dispose(): Promise<void>;
};

export interface LabOptions {
  /** Data directory; default LATENT_LAB_HOME or the platform's app-data directory. */
  home?: string;
  mode: AppInfo['mode'];
  /** Overrides the stored backend setting for this process (CLI --backend). */
  backend?: Settings['backend'];
  /** Quality evaluation settings (tests train a smaller classifier). */
  quality?: Pick<GenerativeQualityOptions, 'classifierTraining'>;
  /** Overrides the queue setting for this process (CLI --queue, else LATENT_LAB_QUEUE); '' = local-only. */
  queue?: string;
  /**
   * Whether this process follows the queue (applies what workers send): the app, `serve`, and the
   * CLI commands that queue runs; not the ones that only read the store.
   */
  followQueue?: boolean;
  /** Overrides the queueSingleRuns setting for this process (`train --queue`). */
  queueSingleRuns?: boolean;
}

const DEFAULT_SETTINGS: Settings = {
  backend: 'auto',
  language: 'en',
  concurrency: 0,
  memoryLimitMb: 0,
  queue: '',
  queueSingleRuns: false,
  stepPointsPerEpoch: 50,
};

export async function createLab(options: LabOptions): Promise<Lab> {
  const dataDir = options.home ? path.resolve(options.home) : resolveDataDir();
  const resourcesDir = resolveResourcesDir();
  const store = new Store(dataDir);
  store.runs.recoverOrphans();
  removeStaleTempsUnder(dataDir, isPidAlive);
  const events = new LabEventBus();
  const datasets = new DatasetRegistry({ dataDir, resourcesDir });

  const settings = (): Settings => ({
    backend: options.backend ?? store.getSetting('backend') ?? DEFAULT_SETTINGS.backend,
    language: store.getSetting('language') ?? DEFAULT_SETTINGS.language,
    concurrency: store.getSetting('concurrency') ?? DEFAULT_SETTINGS.concurrency,
    memoryLimitMb: store.getSetting('memoryLimitMb') ?? DEFAULT_SETTINGS.memoryLimitMb,
    queue: options.queue ?? process.env.LATENT_LAB_QUEUE ?? store.getSetting('queue') ?? DEFAULT_SETTINGS.queue,
    queueSingleRuns: options.queueSingleRuns ?? store.getSetting('queueSingleRuns') ?? DEFAULT_SETTINGS.queueSingleRuns,
    stepPointsPerEpoch: store.getSetting('stepPointsPerEpoch') ?? DEFAULT_SETTINGS.stepPointsPerEpoch,
  });
  const localScheduler = new RunScheduler(store, events, { dataDir, resourcesDir, settings });
  // The queue (issue 15): members go to remote workers; this process stays the store's one writer.
  let owner: QueueOwner | null = null;
  const startOwner = async (url: string): Promise<void> => {
    parseQueueUrl(url);
    const next = new QueueOwner(store, events, { url, dataDir });
    if (options.mode === 'cli') {
      try {
        await next.start();
      } catch (error) {
        await next.dispose();
        throw error;
      }
    } else next.startInBackground((line) => process.stderr.write(`latent-lab: ${line}\n`));
    owner = next;
  };
  if (settings().queue && options.followQueue !== false) {
    try {
      await startOwner(settings().queue);
    } catch (error) {
      store.close();
      throw error;
    }
  }
  const scheduler = new RunRouter(store, events, localScheduler, () => owner, () => settings().queueSingleRuns);

  const runArtifacts = new RunArtifacts(store, dataDir);
  const resumeContext = { store, dataDir, datasets, scheduler: localScheduler, queueOwner: () => owner };
  const sweeps = new SweepService(store, datasets, scheduler, () => settings().memoryLimitMb, resumeContext);
  const openedModels = new OpenedModels(datasets, () => settings().backend);
  const quality = new GenerativeQuality({ store, datasets, dataDir, events, backend: () => settings().backend, ...options.quality });
  const latentLab = new LatentLab(openedModels, datasets);

  const lab: Lab = {
    dataDir,
    app: {
      async info() {
        const { probeBackends } = await import('../engine/backend.js');
        const backends = (await probeBackends()).map((b) => ({
          name: b.name,
          package: b.package,
          available: b.available,
          reason: b.reason,
        }));
        const memory = { totalMb: Math.floor(os.totalmem() / 2 ** 20), defaultLimitMb: Math.floor(memoryLimitBytes(0) / 2 ** 20) };
        return { version: pkg.version, dataDir, backends, mode: options.mode, memory };
      },
      async getSettings() {
        return settings();
      },
      async setSettings(patch) {
        if (patch.queue !== undefined && patch.queue !== settings().queue) {
          if (owner && store.remote.unfinished().length > 0) {
            throw new Error(`${store.remote.unfinished().length} member(s) are still on the queue at ${owner.address}: wait for them or cancel them first`);
          }
          if (patch.queue) await checkReachable(patch.queue);
          await owner?.dispose();
          owner = null;
          if (patch.queue) await startOwner(patch.queue);
        }
        for (const [key, value] of Object.entries(patch) as [keyof Settings, Settings[keyof Settings]][]) {
          if (value !== undefined) store.setSetting(key, value);
        }
        return settings();
      },
    },
    experiments: {
      list: async () => store.experiments.list(),
      create: async (name) => store.experiments.create(name),
      rename: async (id, name) => store.experiments.rename(id, name),
      setClosed: async (id, closed) => store.experiments.setClosed(id, closed),
    },
    datasets: {
      list: () => datasets.list(),
      samples: (id, perClass) => datasets.samples(id, perClass),
      download: (id) => datasets.download(id, (progress) => events.emit('datasetDownload', progress)),
      import: (format, paths, name, fileOptions) =>
        datasets.import(format, paths, name, { ...fileOptions, onProgress: throttledImportProgress(name, (p) => events.emit('datasetImport', p)) }),
    },
    presets: {
      list: async () => PRESETS.map((p) => ({ ...p })),
    },
    sweeps: {
      presets: async () => sweeps.presets(),
      start: (experimentId, spec, presetId) => sweeps.start(experimentId, spec, presetId),
      list: async (experimentId) => sweeps.list(experimentId),
      get: async (sweepId) => sweeps.get(sweepId),
      cancel: async (sweepId) => sweeps.cancel(sweepId),
      resume: (sweepId) => sweeps.resume(sweepId),
    },
    runs: {
      async validate(input) {
        const config = parseRunConfig(input);
        return { config, architecture: checkRunConfig(config, await datasets.info(config.dataset.id)) };
      },
      async start(experimentId, input, presetId) {
        const config = parseRunConfig(input);
        store.experiments.get(experimentId);
        const info = await datasets.info(config.dataset.id);
        if (!info.available) {
          throw datasetUnavailable(config.dataset.id, info.howToGet);
        }
        // Fail before queueing when the config cannot run on the data (architecture, kind settings) or does not fit in memory.
        const architecture = checkRunConfig(config, info);
        checkTrainingMemory(config, architecture, { train: info.trainCount, test: info.testCount }, settings().memoryLimitMb);
        // A config saved from a preset run keeps the preset id as its name: describe it against that preset.
        const preset = PRESETS.find((p) => p.id === (presetId ?? config.name));
        const taken = store.runs.list(experimentId).map((r) => r.name);
        const name = defaultRunName({ config, preset: preset ?? (presetId ? { id: presetId, config } : undefined), taken });
        const run = store.runs.create({ experimentId, name, presetId: presetId ?? null, config });
        scheduler.enqueue(run.id);
        return store.runs.summary(run.id);
      },
      async cancel(runId) {
        store.runs.summary(runId);
        scheduler.cancel(runId);
      },
      resume: (runId, resumeOptions) => resumeRun(resumeContext, runId, resumeOptions),
      list: async (experimentId) => store.runs.list(experimentId).map((run) => withResumeInfo(store, dataDir, run, settings().queue !== '')),
      get: async (runId) => withResumeInfo(store, dataDir, { ...store.runs.detail(runId), remote: store.remote.placement(runId) }, settings().queue !== ''),
      metrics: async (runId) => store.runs.metrics(runId),
      steps: async (runId) => {
        store.runs.summary(runId);
        return store.steps.list(runId);
      },
      artifact: async (runId, kind) => runArtifacts.read(runId, kind),
      update: async (runId, patch) => store.runs.update(runId, patch),
      async delete(runId) {
        if (scheduler.isActive(runId)) throw new Error(`run ${runId} is still training: cancel it before deleting it`);
        store.runs.delete(runId);
        fs.rmSync(runDir(dataDir, runId), { recursive: true, force: true });
      },
    },
    models: {
      async export(runId, dir, exportOptions) {
        const artifact = store.runs.artifacts(runId).find((a) => a.kind === 'model');
        if (!artifact) throw new NotFoundError(`run ${runId} has no saved model yet (one is written at its first checkpoint)`);
        return exportModel(path.join(dataDir, artifact.path), dir, exportOptions);
      },
      open: (dir) => openedModels.open(dir),
      reconstruct: (modelId, datasetId, count) => openedModels.reconstruct(modelId, datasetId, count),
      encode: (modelId, datasetId, count) => openedModels.encode(modelId, datasetId, count),
      close: async (modelId) => {
        openedModels.close(modelId);
        latentLab.forget(modelId);
      },
      async openRun(runId) {
        const artifact = store.runs.artifacts(runId).find((a) => a.kind === 'model');
        if (!artifact) throw new NotFoundError(`run ${runId} has no saved model yet (one is written at its first checkpoint)`);
        return openedModels.open(path.join(dataDir, artifact.path));
      },
    },
    latent: {
      project: (modelId, datasetId, count) => latentLab.project(modelId, datasetId, count),
      async embed(modelId, datasetId, method, seed) {
        const codes = await latentLab.projectedCodes(modelId, datasetId);
        const points = await embedInWorker(codes, method, seed, (fraction) => events.emit('latentEmbedProgress', { modelId, method, fraction }));
        return { method, seed, points };
      },
      decode: (modelId, points, space, classIndex) => latentLab.decode(modelId, points, space, classIndex),
      grid: (modelId, steps, extent, classIndex) => latentLab.grid(modelId, steps, extent ?? undefined, classIndex),
      classSamples: (modelId, perClass, seed) => latentLab.classSamples(modelId, perClass, seed),
      interpolate: (modelId, datasetId, a, b, steps) => latentLab.interpolate(modelId, datasetId, a, b, steps),
      perturb: (modelId, datasetId, index, sigma, scale, count, seed) => latentLab.perturb(modelId, datasetId, index, sigma, scale, count, seed),
      sampleFitted: (modelId, datasetId, n, seed, classIndex) => latentLab.sampleFitted(modelId, datasetId, n, seed, classIndex),
      activations: (modelId, datasetId, perClass) => latentLab.activations(modelId, datasetId, perClass),
      featureMaps: (modelId, datasetId, index) => latentLab.featureMaps(modelId, datasetId, index),
    },
    workers: {
      overview: () => queueOverview(store, owner),
    },
    quality: {
      evaluate: (runIds, evaluateOptions) => quality.evaluate(runIds, evaluateOptions),
    },
    reports: {
      preview: (request) => reportHtml(lab, request),
      export: (request, out) => exportReport(lab, request, out),
    },
    on: (event, listener) => events.on(event, listener),
    waitForRun: (runId) => scheduler.waitFor(runId),
    waitForSweep: (sweepId) => sweeps.waitFor(sweepId),
    async dispose() {
      await localScheduler.dispose();
      await owner?.dispose();
      openedModels.dispose();
      quality.dispose();
      store.close();
    },
  };
  return lab;
}
