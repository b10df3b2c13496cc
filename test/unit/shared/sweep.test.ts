import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/shared/config.js';
import { DENSE_GRID, findPreset } from '../../../src/shared/presets.js';
import { SWEEP_PRESETS, findSweepPreset } from '../../../src/shared/presets/sweeps.js';
import {
  expandSweep,
  gridSize,
  MAX_SWEEP_MEMBERS,
  memberCount,
  SweepError,
  failedMembers,
  sweepStatus,
  type SweepSpecInput,
} from '../../../src/shared/sweep.js';
import { formatAxisValues, parseAxisValues } from '../../../src/shared/sweep-values.js';

const base = {
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense' as const, encoder: [16, 2] },
  training: { epochs: 3, batchSize: 32, optimizer: { name: 'adam' as const, learningRate: 0.01 } },
};
const spec = (grid: SweepSpecInput['grid'], extra: Partial<SweepSpecInput> = {}): SweepSpecInput => ({ name: 'g', base, grid, ...extra });

/** The message of what `fn` throws. */
function thrown(fn: () => unknown): SweepError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SweepError);
    return error as SweepError;
  }
  throw new Error('expected a SweepError');
}

describe('expandSweep', () => {
  it('takes the cartesian product with the first axis slowest, the last fastest', () => {
    const members = expandSweep(
      spec([
        { path: 'model.activation', values: ['relu', 'tanh'] },
        { path: 'training.optimizer.learningRate', values: [0.1, 0.01, 0.001] },
      ]),
    );
    expect(members).toHaveLength(6);
    expect(members.map((m) => [m.config.model.kind === 'dense' && m.config.model.activation, m.config.training.optimizer.learningRate])).toEqual([
      ['relu', 0.1],
      ['relu', 0.01],
      ['relu', 0.001],
      ['tanh', 0.1],
      ['tanh', 0.01],
      ['tanh', 0.001],
    ]);
    expect(members.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(members[4]!.overrides).toEqual({ 'model.activation': 'tanh', 'training.optimizer.learningRate': 0.01 });
  });

  it('names each member after the sweep and its values, and keeps the rest of the base config', () => {
    const [first] = expandSweep(spec([{ path: 'model.encoder', values: [[64, 32], [8]] }, { path: 'training.batchSize', values: [4] }]));
    expect(first!.name).toBe('g encoder=64-32 batchSize=4');
    expect(first!.config.name).toBe('g encoder=64-32 batchSize=4');
    expect(first!.config.dataset).toEqual({ id: 'font5x7', valFraction: 0 });
    expect(first!.config.training.epochs).toBe(3);
  });

  it('sets arrays as values whole, without sharing them between members', () => {
    const members = expandSweep(spec([{ path: 'model.encoder', values: [[32], [32, 16], [32, 16, 8]] }]));
    expect(members.map((m) => (m.config.model.kind === 'dense' ? m.config.model.encoder : null))).toEqual([[32], [32, 16], [32, 16, 8]]);
    (members[0]!.config.model as { encoder: number[] }).encoder.push(99);
    expect((members[1]!.config.model as { encoder: number[] }).encoder).toEqual([32, 16]);
  });

  it('creates missing objects on a nested path (an optional section such as denoising)', () => {
    const members = expandSweep(spec([{ path: 'denoising.corruption', values: [{ kind: 'gaussian', sigma: 0.1 }, { kind: 'bitFlip', k: 2 }] }]));
    expect(members.map((m) => m.config.denoising?.corruption)).toEqual([
      { kind: 'gaussian', sigma: 0.1 },
      { kind: 'bitFlip', k: 2 },
    ]);
    expect(members[1]!.name).toBe('g corruption={"kind":"bitFlip","k":2}');
  });

  it('varies zipped fields together, as one axis of the product', () => {
    const members = expandSweep(
      spec([
        { zip: [{ path: 'model.encoder', values: [[16, 2], [8, 2]] }, { path: 'model.decoder', values: [[32], [8]] }] },
        { path: 'training.seed', values: [1, 2] },
      ]),
    );
    expect(gridSize(spec([{ zip: [{ path: 'model.encoder', values: [[1], [2]] }, { path: 'model.decoder', values: [[1], [2]] }] }]))).toBe(2);
    expect(members).toHaveLength(4);
    expect(members.map((m) => m.overrides)).toEqual([
      { 'model.encoder': [16, 2], 'model.decoder': [32], 'training.seed': 1 },
      { 'model.encoder': [16, 2], 'model.decoder': [32], 'training.seed': 2 },
      { 'model.encoder': [8, 2], 'model.decoder': [8], 'training.seed': 1 },
      { 'model.encoder': [8, 2], 'model.decoder': [8], 'training.seed': 2 },
    ]);
  });

  it('labels two fields sharing a last name by their full paths', () => {
    const [member] = expandSweep(
      spec([
        { path: 'model.weightDecay', values: [0.001] },
        { path: 'training.optimizer.weightDecay', values: [0] },
      ]),
    );
    expect(member!.name).toBe('g model.weightDecay=0.001 training.optimizer.weightDecay=0');
  });

  it('lets the grid set the run name itself', () => {
    const members = expandSweep(spec([{ path: 'name', values: ['small', 'large'] }]));
    expect(members.map((m) => m.config.name)).toEqual(['small', 'large']);
  });

  it('queues only the first `limit` members', () => {
    const s = spec([{ path: 'training.seed', values: [1, 2, 3, 4, 5] }], { limit: 2 });
    expect(memberCount(s)).toBe(2);
    expect(expandSweep(s).map((m) => m.config.training.seed)).toEqual([1, 2]);
  });

  it('names the member and the field of a value the run config rejects, as a ConfigError', () => {
    const error = thrown(() =>
      expandSweep(spec([{ path: 'training.seed', values: [1, 2] }, { path: 'training.batchSize', values: [8, 0] }])),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems[0]).toBe('member 2 (seed=1 batchSize=0): training.batchSize: Too small: expected number to be >0');
    expect(error.message).toMatch(/^invalid sweep: member 2 \(seed=1 batchSize=0\): training\.batchSize/);
    expect(error.problems).toHaveLength(2);
  });

  it('refuses a misspelt path, naming the unknown field', () => {
    const error = thrown(() => expandSweep(spec([{ path: 'training.learningRte', values: [0.1] }])));
    expect(error.problems).toEqual(['member 1 (learningRte=0.1): training.learningRte: unknown field']);
    const near = thrown(() => expandSweep(spec([{ path: 'training.optimizer.learningRte', values: [0.1] }])));
    expect(near.problems).toEqual(['member 1 (learningRte=0.1): training.optimizer.learningRte: unknown field (did you mean "learningRate"?)']);
  });

  it('refuses a path that runs into a value with no fields', () => {
    const error = thrown(() => expandSweep(spec([{ path: 'training.epochs.max', values: [3] }])));
    expect(error.problems[0]).toMatch(/member 1 \(max=3\): training\.epochs\.max: training\.epochs is 3, not an object/);
  });

  it('refuses badly formed paths, duplicated fields, nested duplicates, zips of unequal lengths and empty axes', () => {
    expect(thrown(() => expandSweep(spec([{ path: 'model..encoder', values: [1] }]))).message).toMatch(/grid\.0.*dotted field path/);
    expect(thrown(() => expandSweep(spec([{ path: '__proto__.x', values: [1] }]))).message).toMatch(/not a config field/);
    expect(
      thrown(() => expandSweep(spec([{ path: 'training.seed', values: [1] }, { path: 'training.seed', values: [2] }]))).message,
    ).toMatch(/training\.seed is swept twice/);
    expect(
      thrown(() => expandSweep(spec([{ path: 'training.optimizer', values: [{}] }, { path: 'training.optimizer.learningRate', values: [1] }])))
        .message,
    ).toMatch(/training\.optimizer\.learningRate lies inside training\.optimizer/);
    expect(
      thrown(() => expandSweep(spec([{ zip: [{ path: 'model.encoder', values: [[1], [2]] }, { path: 'model.decoder', values: [[1]] }] }])))
        .message,
    ).toMatch(/same number of values \(2 vs 1\)/);
    expect(thrown(() => expandSweep(spec([{ path: 'training.seed', values: [] }]))).message).toMatch(/grid\.0/);
    expect(thrown(() => expandSweep(spec([]))).message).toMatch(/grid/);
  });

  it(`caps a sweep at ${MAX_SWEEP_MEMBERS} members, saying how large the grid is`, () => {
    const values = Array.from({ length: 30 }, (_, i) => i);
    const big = spec([{ path: 'training.seed', values }, { path: 'training.batchSize', values: values.map((v) => v + 1) }]);
    expect(thrown(() => expandSweep(big)).message).toBe(
      'invalid sweep: the grid has 900 members (30 × 30), more than the 500 a sweep may queue: remove values or axes, or set a limit',
    );
    expect(expandSweep({ ...big, limit: 500 })).toHaveLength(500);
  });
});

describe('sweep presets', () => {
  it('grid the 9 dense encoders × ReLU/linear on MNIST and Fashion-MNIST as the report trained them', () => {
    expect(SWEEP_PRESETS.map((p) => p.id)).toEqual(['mnist-dense-grid', 'fashion-mnist-dense-grid', 'mnist-dense-relu-decay-modes']);
    for (const [presetId, datasetId] of [
      ['mnist-dense-grid', 'mnist'],
      ['fashion-mnist-dense-grid', 'fashion-mnist'],
    ] as const) {
      const members = expandSweep(findSweepPreset(presetId)!.spec);
      expect(members).toHaveLength(18);
      const encoders = members.map((m) => (m.config.model as { encoder: number[] }).encoder);
      expect(encoders.filter((_, i) => i % 2 === 0)).toEqual(DENSE_GRID);
      expect(members.map((m) => (m.config.model as { activation: string }).activation).slice(0, 4)).toEqual(['relu', 'linear', 'relu', 'linear']);
      for (const { config } of members) {
        expect(config.dataset.id).toBe(datasetId);
        expect(config.training).toMatchObject({ batchSize: 128, loss: 'mse', validationEvery: 10, epochs: 50 });
        expect(config.training.optimizer).toMatchObject({ name: 'adam', learningRate: 1e-3, weightDecay: 1e-5, weightDecayMode: 'coupled', epsilon: 1e-8 });
        expect(config.model.init).toBe('torch');
      }
      // Each member is the single preset of its cell (the reference metadata included), named after the sweep.
      for (const member of members) {
        const model = member.config.model as { encoder: number[]; activation: string };
        const single = findPreset(`${datasetId}-dense-${model.encoder.join('-')}-${model.activation}`)!.config;
        expect({ ...member.config, name: undefined, reference: member.config.reference ?? undefined }).toEqual({ ...single, name: undefined });
      }
      // The reference is metadata: not in the member names.
      expect(members[0]!.name).toBe(`${presetId} encoder=32 activation=relu outputActivation=sigmoid`);
    }
    const mnist = expandSweep(findSweepPreset('mnist-dense-grid')!.spec);
    expect(mnist.filter((m) => m.config.reference).map((m) => m.config.reference!.value)).toHaveLength(9);
    expect(mnist.filter((m) => (m.config.model as { activation: string }).activation === 'linear').every((m) => m.config.reference === null)).toBe(true);
  });

  it('sets the report\'s coupled decay beside the decoupled variant on every MNIST ReLU cell', () => {
    const members = expandSweep(findSweepPreset('mnist-dense-relu-decay-modes')!.spec);
    expect(members).toHaveLength(18);
    expect(members.slice(0, 2).map((m) => [m.config.training.optimizer.weightDecayMode, m.config.model.init])).toEqual([
      ['coupled', 'torch'],
      ['decoupled', 'glorotUniform'],
    ]);
    const variant = findPreset('mnist-dense-128-relu-adamw')!.config;
    const member = members.find((m) => m.name.endsWith('encoder=128 weightDecayMode=decoupled init=glorotUniform epsilon=1e-7'))!.config;
    expect(member.reference).toEqual(variant.reference);
    expect(member.training.optimizer).toMatchObject({ ...variant.training.optimizer, epsilon: 1e-7 });
  });
});

describe('sweepStatus', () => {
  it('is running or queued while members are, then cancelled, interrupted, failed, partial (some failed) or completed', () => {
    expect(sweepStatus({ completed: 2, running: 1, queued: 3 })).toBe('running');
    expect(sweepStatus({ completed: 2, queued: 3 })).toBe('queued');
    expect(sweepStatus({ completed: 2, cancelled: 3 })).toBe('cancelled');
    expect(sweepStatus({ completed: 2, interrupted: 1 })).toBe('interrupted');
    expect(sweepStatus({ failed: 1, diverged: 1 })).toBe('failed');
    expect(sweepStatus({ completed: 1, diverged: 1 })).toBe('partial');
    expect(sweepStatus({ completed: 2, failed: 1 })).toBe('partial');
    expect(sweepStatus({ completed: 3 })).toBe('completed');
    expect(failedMembers({ completed: 2, failed: 1, diverged: 2 })).toBe(3);
  });
});

describe('axis values as typed', () => {
  it('reads numbers, booleans and arrays as JSON, other words as strings, splitting only top-level commas', () => {
    expect(parseAxisValues('relu, linear')).toEqual(['relu', 'linear']);
    expect(parseAxisValues('1e-3, 0.01,2')).toEqual([0.001, 0.01, 2]);
    expect(parseAxisValues('[64], [64, 32], [128,64,32]')).toEqual([[64], [64, 32], [128, 64, 32]]);
    expect(parseAxisValues('true, {"kind": "gaussian", "sigma": 0.1}, "a,b"')).toEqual([true, { kind: 'gaussian', sigma: 0.1 }, 'a,b']);
    expect(parseAxisValues(' , ')).toEqual([]);
  });

  it('writes values back in a form that reads the same', () => {
    const values = ['relu', 0.001, [64, 32], '42', 'a,b', { kind: 'mask', fraction: 0.5 }];
    expect(parseAxisValues(formatAxisValues(values))).toEqual(values);
  });
});
