import { describe, expect, it } from 'vitest';
import type { SweepMember } from '../../../../src/shared/api.js';
import { bestMember, sortedMembers, sweepMetricColumns, sweepResultsTable } from '../../../../src/shared/tables/sweep-tables.js';
import { toMarkdown } from '../../../../src/shared/tables/table.js';

function member(id: number, encoder: number[], val: Record<string, number>, status: SweepMember['status'] = 'completed'): SweepMember {
  return {
    id, experimentId: 1, name: `g encoder=${encoder.join('-')}`, status, presetId: null, datasetId: 'mnist', modelKind: 'dense',
    backend: 'wasm', epochsDone: 2, epochsPlanned: 2, createdAt: '', startedAt: null, endedAt: null,
    finalMetrics: { train: { loss: val.loss ?? 0 }, val }, error: null, tags: [], notes: '', sweepId: 1, reference: null, referenceComparison: null, overrides: { 'model.encoder': encoder },
  };
}
const members = [
  member(1, [64], { loss: 0.03, psnr: 15 }),
  member(2, [32, 16], { loss: 0.01, psnr: 20 }),
  member(3, [128], {}, 'failed'),
  member(4, [32], { loss: 0.02, psnr: 25 }),
];

describe('sweep results', () => {
  it('sorts a metric best-first by default, members without a value last, either direction', () => {
    expect(sortedMembers(members, { metric: 'loss', split: 'val' }).map((m) => m.id)).toEqual([2, 4, 1, 3]);
    expect(sortedMembers(members, { metric: 'psnr', split: 'val' }).map((m) => m.id)).toEqual([4, 2, 1, 3]);
    expect(sortedMembers(members, { metric: 'loss', split: 'val' }, 'descend').map((m) => m.id)).toEqual([1, 4, 2, 3]);
  });

  it('sorts by a swept field (arrays element by element) and by run id', () => {
    expect(sortedMembers(members, { field: 'model.encoder' }).map((m) => m.id)).toEqual([4, 2, 1, 3]);
    expect(sortedMembers(members, { id: true }, 'descend').map((m) => m.id)).toEqual([4, 3, 2, 1]);
  });

  it('marks the best member by the chosen metric', () => {
    expect(bestMember(members, { metric: 'loss', split: 'val' })?.id).toBe(2);
    expect(bestMember(members, { metric: 'psnr', split: 'val' })?.id).toBe(4);
    expect(bestMember([members[2]!], { metric: 'loss', split: 'val' })).toBeUndefined();
  });

  it('exports the table in the shown order with the swept values and the best run emphasised', () => {
    const table = sweepResultsTable(sortedMembers(members, { metric: 'loss', split: 'val' }), ['model.encoder']);
    expect(table.headers).toEqual(['Run', 'encoder', 'Status', 'Epochs', 'val loss', 'val psnr', 'train loss']);
    const later = [{ ...members[0]!, finalMetrics: { train: { mse: 1, loss: 1 }, val: { bce: 1, loss: 1 } } }];
    expect(sweepMetricColumns(later).map((c) => `${c.split} ${c.metric}`)).toEqual(['val loss', 'val bce', 'train loss', 'train mse']);
    expect(table.rows[0]![0]).toEqual({ text: '★ #2 g encoder=32-16', strong: true });
    expect(table.rows.map((r) => r[1]!.text)).toEqual(['32-16', '32', '64', '128']);
    expect(toMarkdown(table).split('\n')[2]).toBe('| **★ \\#2 g encoder=32-16** | 32-16 | completed | 2/2 | **0.01** | 20 | 0.01 |');
  });
});
