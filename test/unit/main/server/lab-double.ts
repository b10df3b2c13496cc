/**
 * A small hand-written LabApi for transport tests: records each call, answers from fixed data, and
 * lets the test push events. Transport tests prove what crosses the boundary, not what services do.
 */
import { EventEmitter } from 'node:events';
import type { Experiment, LabEventName, LabEvents } from '../../../../src/shared/api.js';
import type { ServedLab } from '../../../../src/main/server/dispatch.js';

export class NotFound extends Error {
  readonly code = 'not_found';
}

export interface LabDouble {
  lab: ServedLab;
  calls: { method: string; args: unknown[] }[];
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void;
  listenerCount(): number;
}

export function createLabDouble(dataDir = '/nonexistent'): LabDouble {
  const calls: LabDouble['calls'] = [];
  const bus = new EventEmitter();
  const experiments: Experiment[] = [{ id: 1, name: 'Fonts', closed: false, createdAt: '2025-01-01T00:00:00Z' }];
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const unused = (method: string) => async (...args: unknown[]): Promise<never> => {
    record(method, args);
    throw new Error(`${method} is not part of this double`);
  };

  const lab = {
    app: {
      info: async () => {
        record('app.info', []);
        return { version: '0.0.0-test', dataDir, backends: [], mode: 'browser' as const, memory: { totalMb: 8192, defaultLimitMb: 6144 } };
      },
      getSettings: unused('app.getSettings'),
      setSettings: unused('app.setSettings'),
    },
    experiments: {
      list: async () => {
        record('experiments.list', []);
        return experiments;
      },
      // A method that reads `this`, to prove the dispatcher calls with the domain as receiver.
      byId(id: number) {
        const found = experiments.find((e) => e.id === id);
        if (!found) throw new NotFound(`experiment ${id} does not exist`);
        return found;
      },
      async rename(this: { byId(id: number): Experiment }, id: number, name: string) {
        record('experiments.rename', [id, name]);
        return { ...this.byId(id), name };
      },
      create: unused('experiments.create'),
      setClosed: unused('experiments.setClosed'),
    },
    datasets: {
      list: unused('datasets.list'),
      samples: unused('datasets.samples'),
      // Never answers: a call that is still in flight whenever the test needs one.
      download: (id: string) => {
        record('datasets.download', [id]);
        return new Promise(() => {});
      },
      import: unused('datasets.import'),
    },
    presets: { list: unused('presets.list') },
    runs: {
      validate: unused('runs.validate'),
      start: async (...args: unknown[]) => {
        record('runs.start', args);
        return { started: args };
      },
      cancel: async (runId: number) => {
        record('runs.cancel', [runId]);
      },
      list: unused('runs.list'),
      get: async (runId: number) => {
        record('runs.get', [runId]);
        throw new NotFound(`run ${runId} does not exist`);
      },
      metrics: unused('runs.metrics'),
      artifact: unused('runs.artifact'),
      update: unused('runs.update'),
      delete: async (runId: number) => {
        record('runs.delete', [runId]);
        // Something without a code of its own, like a failing disk.
        throw new Error('EIO: disk on fire');
      },
    },
    models: { export: unused('models.export') },
    on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void) {
      bus.on(event, listener);
      return () => void bus.off(event, listener);
    },
  } as unknown as ServedLab;

  return {
    lab,
    calls,
    emit: (event, payload) => void bus.emit(event, payload),
    listenerCount: () => bus.eventNames().reduce((n, name) => n + bus.listenerCount(name), 0),
  };
}
