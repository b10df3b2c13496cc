/**
 * The new-run form's model: a RunConfig being edited, turned back into a RunConfigInput and
 * validated field by field with the shared zod schema, so the form shows the same rules the
 * services enforce. Pure: no DOM, no LabApi.
 */
import type { z } from 'zod';
import { getPath } from './paths.js';
import { runConfigSchema, type ModelKind, type RunConfig, type RunConfigInput } from '../../../shared/config.js';
import { defaultModel } from '../../../shared/kinds/registry.js';

/** One problem with one field, in a form the UI can translate. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `training.optimizer.learningRate`. */
  path: string;
  code: 'required' | 'notInteger' | 'wrongType' | 'tooSmall' | 'tooBig' | 'tooFewItems' | 'empty' | 'tooLong' | 'notAnOption' | 'other';
  /** Bound or allowed values for the message. */
  limit?: number;
  exclusive?: boolean;
  options?: string[];
  /** zod's English text, for codes without a translation. */
  detail: string;
}

/** A deep copy safe to edit (configs are plain JSON). */
export function cloneConfig<T>(config: T): T {
  return JSON.parse(JSON.stringify(config)) as T;
}

/**
 * Drop cleared optional fields (null, undefined, blank strings) so they take their schema
 * defaults rather than failing as the wrong type. Array holes stay as null so that a cleared
 * width of an encoder list is reported instead of silently dropped.
 */
export function toConfigInput(form: unknown): RunConfigInput {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : strip(item)));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        if (child === null || child === undefined || (typeof child === 'string' && child.trim() === '')) continue;
        out[key] = strip(child);
      }
      return out;
    }
    return value;
  };
  return strip(form) as RunConfigInput;
}

function toFieldIssue(issue: z.core.$ZodIssue, input: unknown): FieldIssue {
  const path = issue.path.map(String).join('.');
  const base = { path, detail: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves `issue.input` out by default, so look the value up in what was validated.
      if (getPath(input, issue.path.map(String).join('.')) == null) return { ...base, code: 'required' };
      return { ...base, code: issue.expected === 'int' ? 'notInteger' : 'wrongType' };
    case 'too_small':
      if (issue.origin === 'array') return { ...base, code: 'tooFewItems', limit: Number(issue.minimum) };
      if (issue.origin === 'string') return { ...base, code: 'empty' };
      return { ...base, code: 'tooSmall', limit: Number(issue.minimum), exclusive: issue.inclusive === false };
    case 'too_big':
      if (issue.origin === 'string') return { ...base, code: 'tooLong', limit: Number(issue.maximum) };
      return { ...base, code: 'tooBig', limit: Number(issue.maximum), exclusive: issue.inclusive === false };
    case 'invalid_value':
      return { ...base, code: 'notAnOption', options: issue.values.map(String) };
    case 'invalid_union':
      return { ...base, code: 'notAnOption', options: (issue as { options?: unknown[] }).options?.map(String) ?? [] };
    default:
      return { ...base, code: 'other' };
  }
}

/** Validate the edited config: the parsed config when valid, else every problem by field path. */
export function validateRunForm(form: unknown): { config: RunConfig | null; issues: FieldIssue[] } {
  const input = toConfigInput(form);
  const result = runConfigSchema.safeParse(input);
  if (result.success) return { config: result.data, issues: [] };
  return { config: null, issues: result.error.issues.map((issue) => toFieldIssue(issue, input)) };
}

/** A complete config to start from when there is no preset. */
export function blankRunConfig(datasetId = 'font5x7'): RunConfig {
  return runConfigSchema.parse({
    name: 'run',
    dataset: { id: datasetId },
    model: defaultModel('dense'),
    training: { epochs: 20, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.001 } },
  });
}

/** Switch the model kind to the registry's defaults of the new kind, keeping the initialisation, and the weight decay where both kinds have one. */
export function switchModelKind(model: RunConfig['model'], kind: ModelKind): RunConfig['model'] {
  if (model.kind === kind) return model;
  const next = { ...defaultModel(kind), init: model.init };
  if ('weightDecay' in model && 'weightDecay' in next) return { ...next, weightDecay: model.weightDecay };
  return next;
}

/** Switch the learning-rate schedule kind with sensible parameters for the new kind. */
export function switchSchedule(kind: RunConfig['training']['lrSchedule']['kind']): RunConfig['training']['lrSchedule'] {
  if (kind === 'step') return { kind, factor: 0.5, everyEpochs: 10 };
  if (kind === 'cosine') return { kind, minLearningRate: 0 };
  return { kind: 'constant' };
}
