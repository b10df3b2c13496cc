import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  LAB_EVENTS,
  LAB_METHODS,
  buildContractObject,
  createEventHub,
  decodeBridgeError,
  encodeBridgeError,
  isLabEvent,
  isLabMethod,
  labMethodSchemas,
  splitMethod,
  wsRequestSchema,
} from '../../../src/shared/api-schemas.js';

const accepts = (method: keyof typeof labMethodSchemas, args: unknown[]) => labMethodSchemas[method].safeParse(args).success;

describe('method and event names', () => {
  it('lists every method once as domain.method, each with a schema', () => {
    expect(new Set(LAB_METHODS).size).toBe(LAB_METHODS.length);
    for (const method of LAB_METHODS) {
      expect(method).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(labMethodSchemas[method]).toBeDefined();
    }
    expect(Object.keys(labMethodSchemas).sort()).toEqual([...LAB_METHODS].sort());
  });

  it('lists the pushed events', () => {
    expect([...LAB_EVENTS].sort()).toEqual(['datasetDownload', 'datasetImport', 'latentEmbedProgress', 'qualityProgress', 'runEpoch', 'runProgress', 'runStatus', 'runSteps']);
  });

  it('does not mistake prototype keys or near-misses for methods and events', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'runs', 'runs.', 'runs.Start', 'on', '', 'app.info ']) {
      expect(isLabMethod(name)).toBe(false);
    }
    expect(isLabMethod(42)).toBe(false);
    expect(isLabEvent('__proto__')).toBe(false);
    expect(isLabEvent('runEpoch')).toBe(true);
  });

  it('splits a method at its first dot', () => {
    expect(splitMethod('runs.start')).toEqual(['runs', 'start']);
    expect(splitMethod('dialogs.chooseFolder')).toEqual(['dialogs', 'chooseFolder']);
  });
});

describe('argument schemas', () => {
  it('accept well-formed calls', () => {
    expect(accepts('app.info', [])).toBe(true);
    expect(accepts('app.setSettings', [{ backend: 'wasm', language: 'pt-BR', concurrency: 2 }])).toBe(true);
    expect(accepts('experiments.rename', [3, 'Fonts'])).toBe(true);
    expect(accepts('datasets.import', ['csv', ['/tmp/a.csv'], 'mine'])).toBe(true);
    expect(accepts('datasets.import', ['csv', ['/tmp/a.csv'], 'mine', { delimiter: ';', decimal: ',' }])).toBe(true);
    expect(accepts('runs.start', [1, { dataset: { id: 'font5x7' } }])).toBe(true);
    expect(accepts('runs.start', [1, { dataset: { id: 'font5x7' } }, 'font5x7-2d'])).toBe(true);
    expect(accepts('runs.list', [])).toBe(true);
    expect(accepts('runs.list', [7])).toBe(true);
    expect(accepts('runs.update', [2, { tags: ['best'], notes: '' }])).toBe(true);
    expect(accepts('dialogs.chooseFiles', [{ filters: [{ name: 'CSV', extensions: ['csv'] }], multiple: true }])).toBe(true);
  });

  it('refuse wrong types, extra arguments and out-of-range ids', () => {
    expect(accepts('app.info', ['extra'])).toBe(false);
    expect(accepts('experiments.rename', ['3', 'Fonts'])).toBe(false);
    expect(accepts('experiments.rename', [0, 'Fonts'])).toBe(false);
    expect(accepts('experiments.rename', [1.5, 'Fonts'])).toBe(false);
    expect(accepts('experiments.create', [''])).toBe(false);
    expect(accepts('datasets.import', ['zip', ['/a'], 'x'])).toBe(false);
    expect(accepts('datasets.import', ['csv', ['/a'], 'x', { delimiter: '|' }])).toBe(false);
    expect(accepts('datasets.import', ['csv', ['/a'], 'x', { quote: "'" }])).toBe(false);
    expect(accepts('runs.get', [])).toBe(false);
    expect(accepts('runs.list', [null])).toBe(false);
  });

  it('refuse unknown keys in patches (no smuggled fields)', () => {
    expect(accepts('app.setSettings', [{ backend: 'auto', dataDir: '/etc' }])).toBe(false);
    expect(accepts('runs.update', [2, { status: 'completed' }])).toBe(false);
    expect(accepts('app.setSettings', [{ backend: 'gpu' }])).toBe(false);
  });

  it('leave run configs to the service but insist on an object', () => {
    expect(accepts('runs.validate', [{ anything: 'the service reports field errors' }])).toBe(true);
    for (const bad of [null, 'config', 3, [], undefined]) expect(accepts('runs.validate', [bad])).toBe(false);
  });

  it('refuse file filters whose extensions carry a dot or a path', () => {
    expect(accepts('dialogs.chooseSaveFile', [{ filters: [{ name: 'SVG', extensions: ['.svg'] }] }])).toBe(false);
    expect(accepts('dialogs.chooseSaveFile', [{ filters: [{ name: 'x', extensions: ['../x'] }] }])).toBe(false);
  });

  it('never throw on arbitrary input for any method', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LAB_METHODS), fc.array(fc.anything(), { maxLength: 4 }), (method, args) => {
        expect(() => labMethodSchemas[method].safeParse(args)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('wire format', () => {
  it('accepts a request frame and refuses extra fields or a non-list args', () => {
    expect(wsRequestSchema.safeParse({ id: 1, method: 'runs.get', args: [1] }).success).toBe(true);
    expect(wsRequestSchema.safeParse({ id: 1, method: 'runs.get', args: {} }).success).toBe(false);
    expect(wsRequestSchema.safeParse({ id: -1, method: 'runs.get', args: [] }).success).toBe(false);
    expect(wsRequestSchema.safeParse({ id: 1, method: 'runs.get', args: [], token: 'x' }).success).toBe(false);
  });

  it('carries any code and message through the bridge encoding unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), fc.string(), (code, message) => {
        expect(decodeBridgeError(encodeBridgeError({ code, message }))).toEqual({ code, message });
      }),
    );
  });

  it('carries the reasons of a refusal beside the message, and drops malformed ones', () => {
    const reasons = [{ code: 'datasetUnavailable' as const, params: { dataset: 'cifar10' } }];
    const encoded = encodeBridgeError({ code: 'failed', message: 'dataset cifar10 is not available: download it', reasons });
    expect(decodeBridgeError(encoded)).toEqual({ code: 'failed', message: 'dataset cifar10 is not available: download it', reasons });
    expect(decodeBridgeError(`[failed] boom\u001e[{"code":"nope","params":{}}]`)).toEqual({ code: 'failed', message: 'boom' });
    expect(decodeBridgeError(`[failed] boom\u001enot json`)).toEqual({ code: 'failed', message: 'boom' });
  });

  it('reads a message without the code prefix as code failed', () => {
    expect(decodeBridgeError('boom')).toEqual({ code: 'failed', message: 'boom' });
  });
});

describe('buildContractObject', () => {
  it('exposes exactly the contract methods, each forwarding its name and arguments', async () => {
    const call = vi.fn(async (method: string, args: unknown[]) => ({ method, args }));
    const api = buildContractObject(call, createEventHub().on);
    const names = Object.entries(api as unknown as Record<string, unknown>).flatMap(([domain, value]) =>
      typeof value === 'function' ? [domain] : Object.keys(value as object).map((name) => `${domain}.${name}`),
    );
    expect(names.sort()).toEqual(['on', ...LAB_METHODS].sort());
    await expect(api.runs.artifact(4, 'latent-kl')).resolves.toEqual({ method: 'runs.artifact', args: [4, 'latent-kl'] });
  });
});

describe('createEventHub', () => {
  it('fans out to subscribers until they unsubscribe, and survives a throwing listener', () => {
    const hub = createEventHub();
    const seen: unknown[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    hub.on('runStatus', () => {
      throw new Error('listener bug');
    });
    const off = hub.on('runStatus', (payload) => seen.push(payload));
    hub.emit('runStatus', { runId: 1 });
    hub.emit('runEpoch', { runId: 1 });
    off();
    hub.emit('runStatus', { runId: 2 });
    expect(seen).toEqual([{ runId: 1 }]);
    expect(errors).toHaveBeenCalledTimes(2); // the throwing listener stays subscribed for both runStatus events
    errors.mockRestore();
  });

  it('refuses an unknown event name', () => {
    expect(() => createEventHub().on('runEpochs' as 'runEpoch', () => {})).toThrow(/unknown LabApi event/);
  });
});
