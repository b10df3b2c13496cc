import { describe, expect, it } from 'vitest';
import { loadColumnChoice, saveColumnChoice } from '../../../../src/renderer/src/lib/run-column-text.js';
import { defaultRunColumns, parseRunColumnId, runColumnId, runsTable } from '../../../../src/shared/tables/run-columns.js';
import { toCsv } from '../../../../src/shared/tables/table.js';
import { FONT_CONFIG, runSummary } from '../../shared/run-fixture.js';

const withLr = (learningRate: number) => ({ ...FONT_CONFIG, training: { ...FONT_CONFIG.training, optimizer: { ...FONT_CONFIG.training.optimizer, learningRate } } });

describe('runs table columns', () => {
  it('round-trips column ids and ignores ids this version does not know', () => {
    for (const id of ['fixed:name', 'config:training.optimizer.learningRate', 'metric:val:maxWrongPixels']) expect(runColumnId(parseRunColumnId(id)!)).toBe(id);
    expect(parseRunColumnId('fixed:colour')).toBeNull();
    expect(parseRunColumnId('report:1')).toBeNull();
  });

  it('shows by default the config fields that tell the runs apart, and exports the chosen columns', () => {
    const runs = [
      runSummary(1, { finalMetrics: { train: {}, val: { loss: 0.1, maxWrongPixels: 0 } } }),
      runSummary(2, { config: withLr(0.003), finalMetrics: { train: {}, val: { loss: 0.3, maxWrongPixels: 4 } } }),
    ];
    const columns = defaultRunColumns(runs, [{ metric: 'loss', split: 'val' }, { metric: 'maxWrongPixels', split: 'val' }]);
    expect(columns.map(runColumnId)).toEqual([
      'fixed:id', 'fixed:name', 'fixed:status', 'fixed:dataset', 'fixed:model', 'fixed:epochs',
      'config:training.optimizer.learningRate', 'metric:val:loss', 'metric:val:maxWrongPixels',
    ]);
    const chosen = ['fixed:name', 'config:training.optimizer.learningRate', 'metric:val:loss'].map((id) => parseRunColumnId(id)!);
    expect(toCsv(runsTable(runs, chosen))).toBe('Name,training.optimizer.learningRate,val loss\r\nrun 1,0.01,0.1\r\nrun 2,0.003,0.3\r\n');
    expect(runsTable(runs, chosen).rows.map((row) => row[2]!.strong)).toEqual([true, false]);
  });

  it('leaves differing epochs to the fixed done/planned column instead of repeating them as a config column', () => {
    const runs = [
      runSummary(1),
      runSummary(2, { config: { ...withLr(0.003), training: { ...withLr(0.003).training, epochs: 15 } } }),
    ];
    const ids = defaultRunColumns(runs, []).map(runColumnId);
    expect(ids).toContain('fixed:epochs');
    expect(ids).toContain('config:training.optimizer.learningRate');
    expect(ids).not.toContain('config:training.epochs');
  });

  it('persists the chosen columns, and forgets them on "default columns"', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    expect(loadColumnChoice(storage)).toBeNull();
    saveColumnChoice(storage, ['fixed:name']);
    expect(loadColumnChoice(storage)).toEqual(['fixed:name']);
    saveColumnChoice(storage, null);
    expect(loadColumnChoice(storage)).toBeNull();
    store.set('latent-lab.runs.columns', '{broken');
    expect(loadColumnChoice(storage)).toBeNull();
  });
});
