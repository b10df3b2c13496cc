import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../src/shared/api.js';
import { configDiff, configDiffTable, finalMetricsTable, flattenConfig, metricColumns, runsTable } from '../../../../src/shared/tables/run-tables.js';
import { toMarkdown } from '../../../../src/shared/tables/table.js';
import { compareWithReference } from '../../../../src/shared/reproduction.js';

function run(id: number, val: RunSummary['finalMetrics']['val'], train: RunSummary['finalMetrics']['train'] = {}): RunSummary {
  return {
    id, experimentId: 1, name: `run ${id}`, status: 'completed', presetId: null, datasetId: 'font5x7', modelKind: 'dense',
    backend: 'wasm', epochsDone: 10, epochsPlanned: 10, createdAt: '', startedAt: null, endedAt: null,
    finalMetrics: { train, val }, error: null, tags: ['a', 'b'], notes: '', sweepId: null, reference: null, referenceComparison: null,
  };
}

describe('run tables', () => {
  const runs = [run(1, { loss: 0.2, psnr: 20 }, { loss: 0.1 }), run(2, { loss: 0.05, psnr: 18 }), run(3, {})];

  it('collects metric columns, validation first', () => {
    expect(metricColumns(runs)).toEqual([
      { metric: 'loss', split: 'val' }, { metric: 'psnr', split: 'val' }, { metric: 'loss', split: 'train' },
    ]);
  });

  it('marks the lowest loss and the highest psnr as best, leaving missing values blank', () => {
    const table = finalMetricsTable(runs);
    expect(table.headers).toEqual(['Name', 'val loss', 'val psnr', 'train loss']);
    expect(table.rows.map((row) => row.slice(1).map((c) => `${c.text}${c.strong ? '*' : ''}`))).toEqual([
      ['0.2', '20*', '0.1*'],
      ['0.05*', '18', ''],
      ['', '', ''],
    ]);
  });

  it('does not mark a best value when there is a single run', () => {
    expect(finalMetricsTable([runs[0]!]).rows[0]!.some((c) => c.strong)).toBe(false);
  });

  it('lists identity columns in the runs table with translated headers', () => {
    const table = runsTable(runs.slice(0, 1), [{ metric: 'loss', split: 'val' }], { name: 'Nome', metric: (c) => `${c.metric}/${c.split}` });
    expect(table.headers).toEqual(['ID', 'Nome', 'Status', 'Dataset', 'Model', 'Epochs', 'Backend', 'Tags', 'loss/val']);
    expect(table.rows[0]!.map((c) => c.text)).toEqual(['1', 'run 1', 'completed', 'font5x7', 'dense', '10/10', 'wasm', 'a, b', '0.2']);
  });
});

describe('config diff', () => {
  const a = { dataset: { id: 'mnist' }, model: { kind: 'dense', encoder: [128, 32], blocks: undefined }, training: { epochs: 5 } };
  const b = { dataset: { id: 'mnist' }, model: { kind: 'conv', blocks: [{ filters: 8, kernel: 3 }] }, training: { epochs: 5 } };

  it('flattens nested configs, printing number arrays inline and indexing object arrays', () => {
    expect([...flattenConfig(b).entries()]).toEqual([
      ['dataset.id', 'mnist'], ['model.kind', 'conv'], ['model.blocks[0].filters', '8'], ['model.blocks[0].kernel', '3'], ['training.epochs', '5'],
    ]);
    expect(flattenConfig(a).get('model.encoder')).toBe('[128, 32]');
  });

  it('flags the settings that differ, including ones only some configs have', () => {
    const rows = configDiff([a, b]);
    const differing = rows.filter((r) => r.differs).map((r) => r.path);
    expect(differing).toEqual(['model.kind', 'model.encoder', 'model.blocks[0].filters', 'model.blocks[0].kernel']);
    expect(rows.find((r) => r.path === 'model.encoder')?.values).toEqual(['[128, 32]', '']);
  });

  it('can keep only differing rows, emphasising their values', () => {
    const table = configDiffTable(configDiff([a, b]), ['A', 'B'], { onlyDiffering: true });
    expect(table.rows).toHaveLength(4);
    expect(toMarkdown(table)).toContain('| model.kind | **dense** | **conv** |');
  });
});

describe('the report beside reproductions', () => {
  const reference = { source: 'report', metric: 'mse', split: 'val', epochs: 50, value: 0.003953 } as const;
  const reproduced = (id: number, value: number, epoch: number): RunSummary => ({
    ...run(id, { mse: value }),
    reference,
    referenceComparison: compareWithReference(reference, [{ epoch, value }]),
  });

  it('adds Report and vs report columns only when some run reproduces a figure', () => {
    expect(runsTable([run(1, { loss: 0.1 })]).headers).not.toContain('Report');
    const table = finalMetricsTable([reproduced(1, 0.003979, 50), reproduced(2, 0.0043, 10), run(3, { mse: 0.01 })]);
    expect(table.headers.slice(-2)).toEqual(['Report', 'vs report']);
    expect(table.rows.map((row) => row.slice(-2).map((c) => c.text))).toEqual([
      ['val mse 0.003953 @50', '+0.7%'],
      ['val mse 0.003953 @50', '+8.8% @10'],
      ['', ''],
    ]);
  });
});
