/**
 * Boundary schemas of LabApi: the argument tuple of every method, the method and event name lists,
 * and the wire format shared by the Electron IPC bridge and the browser-mode WebSocket.
 *
 * Names are derived from the contract in `./api.ts`, so a misspelt method or event does not compile,
 * and the `satisfies` clauses below fail to compile when a method is added to LabApi without a schema.
 *
 * Run configs (`runs.validate`, `runs.start`): the boundary only checks that the config is a plain
 * object. The service validates it with `parseRunConfig`, whose ConfigError lists every problem as
 * `path: message` (what the new-run form shows); a boundary zod error would be a second, less
 * readable message for the same mistake.
 *
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import type { BackendName, LabApi, LabEventName, Settings } from './api.js';
import type { RunConfigInput } from './config.js';
import type { SweepSpecInput } from './sweep.js';
import { EMBEDDING_METHODS } from './embedding.js';
import { CSV_DELIMITERS, IMPORT_FORMATS, type ImportFileOptions } from './datasets.js';
import { JSON_ARTIFACT_KINDS } from './artifacts.js';
import { REPORT_FORMATS, REPORT_SECTIONS } from './report/sections.js';
import { reasonsOf, type Reason } from './reasons.js';

export type { DialogsApi, FileFilter } from './api.js';

/** What the transports carry: exactly LabApi. */
export type LabContract = LabApi;

/** A domain of the contract: `app`, `runs`, … */
export type LabDomain = Exclude<keyof LabContract, 'on'>;

/** Every callable method as `domain.method`, e.g. `'runs.start'`. */
export type LabMethod = { [D in LabDomain]: `${D}.${keyof LabContract[D] & string}` }[LabDomain];

type MethodFn<M extends LabMethod> = M extends `${infer D}.${infer N}`
  ? D extends LabDomain
    ? N extends keyof LabContract[D]
      ? LabContract[D][N] extends (...args: infer A) => infer R
        ? (...args: A) => R
        : never
      : never
    : never
  : never;

/** The argument tuple of a method. */
export type LabMethodArgs<M extends LabMethod> = Parameters<MethodFn<M>>;
/** What a method resolves to. */
export type LabMethodResult<M extends LabMethod> = Awaited<ReturnType<MethodFn<M>>>;

// Object literals (not arrays) so that `satisfies Record<…>` proves each list complete and exact.
const METHOD_FLAGS = {
  'app.info': true,
  'app.getSettings': true,
  'app.setSettings': true,
  'experiments.list': true,
  'experiments.create': true,
  'experiments.rename': true,
  'experiments.setClosed': true,
  'datasets.list': true,
  'datasets.samples': true,
  'datasets.download': true,
  'datasets.import': true,
  'presets.list': true,
  'sweeps.presets': true,
  'sweeps.start': true,
  'sweeps.list': true,
  'sweeps.get': true,
  'sweeps.cancel': true,
  'sweeps.resume': true,
  'runs.validate': true,
  'runs.start': true,
  'runs.cancel': true,
  'runs.resume': true,
  'runs.list': true,
  'runs.get': true,
  'runs.metrics': true,
  'runs.steps': true,
  'runs.artifact': true,
  'runs.update': true,
  'runs.delete': true,
  'models.export': true,
  'models.open': true,
  'models.reconstruct': true,
  'models.encode': true,
  'models.close': true,
  'quality.evaluate': true,
  'workers.overview': true,
  'models.openRun': true,
  'latent.project': true,
  'latent.embed': true,
  'latent.decode': true,
  'latent.grid': true,
  'latent.interpolate': true,
  'latent.perturb': true,
  'latent.sampleFitted': true,
  'latent.classSamples': true,
  'latent.activations': true,
  'latent.featureMaps': true,
  'reports.preview': true,
  'reports.export': true,
  'dialogs.chooseFolder': true,
  'dialogs.chooseFiles': true,
  'dialogs.chooseSaveFile': true,
} as const satisfies Record<LabMethod, true>;

const EVENT_FLAGS = {
  runEpoch: true,
  runProgress: true,
  runStatus: true,
  runSteps: true,
  datasetDownload: true,
  datasetImport: true,
  latentEmbedProgress: true,
  qualityProgress: true,
} as const satisfies Record<LabEventName, true>;

/** Every method name of the contract, in declaration order. */
export const LAB_METHODS = Object.keys(METHOD_FLAGS) as LabMethod[];
/** Every pushed event name. */
export const LAB_EVENTS = Object.keys(EVENT_FLAGS) as LabEventName[];

/** True when `name` is a method of the contract (own key: `__proto__`, `toString` are not). */
export function isLabMethod(name: unknown): name is LabMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHOD_FLAGS, name);
}
/** True when `name` is an event of the contract. */
export function isLabEvent(name: unknown): name is LabEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENT_FLAGS, name);
}

/** Split `'runs.start'` into `['runs', 'start']`. */
export function splitMethod(method: LabMethod): [LabDomain, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot) as LabDomain, method.slice(dot + 1)];
}

// ---- argument schemas -------------------------------------------------------------------------

function buildMethodSchemas() {
  // Generous bounds: they exist to stop absurd payloads at the door, not to encode business rules.
  const id = z.int().min(1);
  const shortText = z.string().min(1).max(200);
  const filePath = z.string().min(1).max(4096);
  const datasetId = z.string().min(1).max(200);

  const backendNameSchema = z.enum(['tensorflow', 'wasm', 'cpu']) satisfies z.ZodType<BackendName>;

  const settingsPatchSchema = z.strictObject({
    backend: z.union([z.literal('auto'), backendNameSchema]).optional(),
    language: z.enum(['en', 'pt-BR', 'es']).optional(),
    concurrency: z.int().min(0).max(64).optional(), // 0: one run per CPU core
    memoryLimitMb: z.int().min(0).max(16 * 2 ** 20).optional(), // 0: 75% of the machine's memory
    queue: z.union([z.literal(''), z.string().regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')]).optional(),
    queueSingleRuns: z.boolean().optional(),
    stepPointsPerEpoch: z.int().min(0).max(1000).optional(), // 0: no per-step metrics
  }) satisfies z.ZodType<Partial<Settings>>;

  /** Any plain JSON object; the service checks the fields (see the module comment). */
  const runConfigInput = z.custom<RunConfigInput>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { message: 'the run config must be a JSON object' },
  );

  /** Like run configs, the sweep service validates the spec and names the bad member and field. */
  const sweepSpecInput = z.custom<SweepSpecInput>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { message: 'the sweep spec must be a JSON object' },
  );

  const runPatchSchema = z.strictObject({
    name: shortText.optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
    notes: z.string().max(100_000).optional(),
  });

  const fileFilterSchema = z.strictObject({
    name: z.string().max(100),
    extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'an extension without the dot, or *')).min(1).max(20),
  });

  const dialogTitle = z.string().max(200).optional();

  const importFileOptions = z.strictObject({
    delimiter: z.enum([...CSV_DELIMITERS, 'auto']).optional(),
    decimal: z.enum(['.', ',', 'auto']).optional(),
  }) satisfies z.ZodType<ImportFileOptions>;

  return {
    'app.info': z.tuple([]),
    'app.getSettings': z.tuple([]),
    'app.setSettings': z.tuple([settingsPatchSchema]),
    'experiments.list': z.tuple([]),
    'experiments.create': z.tuple([shortText]),
    'experiments.rename': z.tuple([id, shortText]),
    'experiments.setClosed': z.tuple([id, z.boolean()]),
    'datasets.list': z.tuple([]),
    'datasets.samples': z.tuple([datasetId, z.int().min(1).max(1000)]),
    'datasets.download': z.tuple([datasetId]),
    'datasets.import': z.tuple([z.enum(IMPORT_FORMATS), z.array(filePath).min(1).max(10_000), shortText, importFileOptions.optional()]),
    'presets.list': z.tuple([]),
    'sweeps.presets': z.tuple([]),
    'sweeps.start': z.tuple([id, sweepSpecInput, shortText.optional()]),
    'sweeps.list': z.tuple([id.optional()]),
    'sweeps.get': z.tuple([id]),
    'sweeps.cancel': z.tuple([id]),
    'sweeps.resume': z.tuple([id]),
    'runs.validate': z.tuple([runConfigInput]),
    'runs.start': z.tuple([id, runConfigInput, shortText.optional()]),
    'runs.cancel': z.tuple([id]),
    'runs.resume': z.tuple([id, z.strictObject({ epochs: z.int().min(1).max(1_000_000).optional() }).optional()]),
    'runs.list': z.tuple([id.optional()]),
    'runs.get': z.tuple([id]),
    'runs.metrics': z.tuple([id]),
    'runs.steps': z.tuple([id]),
    'runs.artifact': z.tuple([id, z.enum(JSON_ARTIFACT_KINDS)]),
    'runs.update': z.tuple([id, runPatchSchema]),
    'runs.delete': z.tuple([id]),
    'models.export': z.tuple([id, filePath, z.strictObject({ force: z.boolean().optional() }).optional()]),
    'models.open': z.tuple([filePath]),
    'models.reconstruct': z.tuple([id, z.string().min(1).max(200), z.number().int().min(1).max(256)]),
    'models.encode': z.tuple([id, z.string().min(1).max(200), z.number().int().min(1).max(20_000)]),
    'models.close': z.tuple([id]),
    'quality.evaluate': z.tuple([
      z.array(id).min(1).max(32),
      z.strictObject({ samples: z.int().min(10).max(20_000).optional(), seed: z.int().min(0).max(2 ** 31 - 1).optional() }).optional(),
    ]),
    'workers.overview': z.tuple([]),
    'models.openRun': z.tuple([id]),
    ...latentSchemas(),
    'reports.preview': z.tuple([reportRequestSchema()]),
    'reports.export': z.tuple([reportRequestSchema(), filePath]),
    'dialogs.chooseFolder': z.tuple([z.strictObject({ title: dialogTitle, defaultPath: filePath.optional() })]),
    'dialogs.chooseFiles': z.tuple([
      z.strictObject({ title: dialogTitle, filters: z.array(fileFilterSchema).max(20).optional(), multiple: z.boolean().optional() }),
    ]),
    'dialogs.chooseSaveFile': z.tuple([
      z.strictObject({ title: dialogTitle, defaultPath: filePath.optional(), filters: z.array(fileFilterSchema).max(20).optional() }),
    ]),
  } satisfies { [M in LabMethod]: z.ZodType<LabMethodArgs<M>> };
}

/** A report request: one scope, a known format, known sections, a UI language. */
function reportRequestSchema() {
  const id = z.int().min(1);
  return z.strictObject({
    scope: z.union([
      z.strictObject({ experimentId: id }),
      z.strictObject({ runIds: z.array(id).min(1).max(500) }),
      z.strictObject({ sweepId: id }),
    ]),
    format: z.enum(REPORT_FORMATS),
    sections: z.array(z.enum(REPORT_SECTIONS)).max(REPORT_SECTIONS.length),
    language: z.enum(['en', 'pt-BR', 'es']).optional(),
  });
}

/** The latent lab's argument tuples: finite numbers, bounded sizes (a drag sends many small calls). */
function latentSchemas() {
  const id = z.int().min(1);
  const datasetId = z.string().min(1).max(200);
  const index = z.int().min(0).max(10_000_000);
  const finite = z.number().finite();
  const range = z.tuple([finite, finite]);
  const classIndex = z.int().min(0).max(999).optional();
  return {
    'latent.project': z.tuple([id, datasetId, z.int().min(1).max(20_000)]),
    'latent.embed': z.tuple([id, datasetId, z.enum(EMBEDDING_METHODS), z.int().min(0).max(2 ** 31 - 1)]),
    'latent.decode': z.tuple([id, z.array(z.array(finite).min(1).max(100_000)).min(1).max(1024), z.enum(['plane', 'code']), classIndex]),
    'latent.grid': z.tuple([id, z.int().min(1).max(32), z.strictObject({ x: range, y: range }).nullish(), classIndex]),
    'latent.classSamples': z.tuple([id, z.int().min(1).max(32), z.int().min(0).max(2 ** 31 - 1)]),
    'latent.interpolate': z.tuple([id, datasetId, index, index, z.int().min(2).max(64)]),
    'latent.perturb': z.tuple([id, datasetId, index, z.number().min(0).max(100), z.number().min(-100).max(100), z.int().min(1).max(64), z.int().min(0)]),
    'latent.sampleFitted': z.tuple([id, datasetId, z.int().min(1).max(256), z.int().min(0), classIndex]),
    'latent.activations': z.tuple([id, datasetId, z.int().min(1).max(10)]),
    'latent.featureMaps': z.tuple([id, datasetId, index]),
  } as const;
}

/**
 * The argument-tuple schema of every method. Every zod call sits inside a builder invoked behind a
 * `@__PURE__` mark, so bundles that only need the name lists (the preload) leave zod out.
 */
export const labMethodSchemas: ReturnType<typeof buildMethodSchemas> = /* @__PURE__ */ buildMethodSchemas();

/** Describe a zod failure as `args.1.name: Too small…; …` (at most 5 problems) for an error message. */
export function describeIssues(error: z.ZodError, root = 'args'): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${root}${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`)
    .join('; ');
}

// ---- wire format ------------------------------------------------------------------------------

/** Error codes the adapters produce themselves; services may add their own (`not_found`, …). */
export const TRANSPORT_ERROR_CODES = [
  'unknown_method',
  'invalid_payload',
  'invalid_message',
  'forbidden',
  'unsupported',
  'disconnected',
  'failed',
] as const;

/** A browser-mode request frame. */
function buildWsRequestSchema() {
  return z.strictObject({
    id: z.int().min(0),
    method: z.string().min(1).max(100),
    args: z.array(z.unknown()).max(16),
  });
}
export const wsRequestSchema: ReturnType<typeof buildWsRequestSchema> = /* @__PURE__ */ buildWsRequestSchema();
export type WsRequest = z.infer<typeof wsRequestSchema>;

/** The two kinds of frame the server sends: a response to one request, or a pushed event. */
export type WsServerMessage =
  | { id: number | null; result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; reasons?: Reason[] } } }
  | { event: LabEventName; payload: unknown };

/**
 * Electron's contextBridge keeps only an Error's message, so the preload writes the code into it as
 * `[code] message`; the renderer client reads it back with `decodeBridgeError`.
 */
export function encodeBridgeError(error: { code: string; message: string; reasons?: Reason[] }): string {
  const reasons = error.reasons && error.reasons.length > 0 ? `${REASONS_MARK}${JSON.stringify(error.reasons)}` : '';
  return `[${error.code}] ${error.message}${reasons}`;
}

/** Separates the message from its reasons (JSON) in a bridged error: a character no message holds. */
const REASONS_MARK = '\u001e';

/** Inverse of `encodeBridgeError`; a message without the prefix gets code `failed`. */
export function decodeBridgeError(encoded: string): { code: string; message: string; reasons?: Reason[] } {
  const mark = encoded.indexOf(REASONS_MARK);
  const text = mark < 0 ? encoded : encoded.slice(0, mark);
  let reasons: Reason[] = [];
  if (mark >= 0) {
    try {
      reasons = reasonsOf({ reasons: JSON.parse(encoded.slice(mark + 1)) as unknown });
    } catch {
      reasons = [];
    }
  }
  const match = /^\[([a-z][a-z0-9_]*)\] ([\s\S]*)$/.exec(text);
  const withReasons = reasons.length > 0 ? { reasons } : {};
  return match ? { code: match[1]!, message: match[2]!, ...withReasons } : { code: 'failed', message: text, ...withReasons };
}

/** Electron IPC channel of a method: one `ipcMain.handle` per method, each behind the same wrapper. */
export function ipcCallChannel(method: LabMethod): `lab:call:${LabMethod}` {
  return `lab:call:${method}`;
}
/** Electron IPC channel on which the main process pushes `{ event, payload }` to the window. */
export const IPC_EVENT_CHANNEL = 'lab:event';

/**
 * Build an object with the contract's shape from one generic `call`: `{ runs: { start(...) }, … }`.
 * The preload and both renderer clients use it, so each exposes exactly the contract's methods.
 */
export function buildContractObject(
  call: (method: LabMethod, args: unknown[]) => Promise<unknown>,
  on: LabContract['on'],
): LabContract {
  const api: Record<string, unknown> = { on };
  for (const method of LAB_METHODS) {
    const [domain, name] = splitMethod(method);
    const functions = (api[domain] ??= {}) as Record<string, unknown>;
    functions[name] = (...args: unknown[]) => call(method, args);
  }
  return api as unknown as LabContract;
}

/**
 * Client-side fan-out of pushed events: one transport listener feeds any number of `on()`
 * subscriptions. A listener that throws is reported and does not stop the others.
 */
export function createEventHub(): { on: LabContract['on']; emit(event: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const on = ((event: LabEventName, listener: (payload: unknown) => void) => {
    if (!isLabEvent(event)) throw new Error(`unknown LabApi event ${JSON.stringify(String(event))}`);
    if (typeof listener !== 'function') throw new Error(`lab.on(${event}): the listener must be a function`);
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }) as LabContract['on'];
  const emit = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`[latent-lab] a ${event} listener threw:`, error);
      }
    }
  };
  return { on, emit };
}
