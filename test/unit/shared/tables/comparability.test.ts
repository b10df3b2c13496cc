import { describe, expect, it } from 'vitest';
import { bestIndices } from '../../../../src/shared/figures/metric-info.js';
import { incomparability, lossMeaning } from '../../../../src/shared/tables/comparability.js';
import { finalMetricsTable } from '../../../../src/shared/tables/run-tables.js';
import { formatTable } from '../../../../src/shared/tables/table.js';
import { FONT_CONFIG, runSummary } from '../run-fixture.js';

const withLoss = (loss: 'mse' | 'bce') => ({ ...FONT_CONFIG, training: { ...FONT_CONFIG.training, loss } });
const marked = (rows: { text: string; strong?: boolean }[][]) => rows.map((row) => row.slice(1).map((c) => `${c.text}${c.strong ? '*' : ''}`));

describe('best values that do not mislead', () => {
  it('marks every value tied with the best as printed', () => {
    expect(bestIndices('loss', [0.2, 0.1, 0.1, 0.10001])).toEqual([1, 2, 3]);
    expect(bestIndices('psnr', [20, 21, 21, null])).toEqual([1, 2]);
    expect(bestIndices('loss', [null, Number.NaN])).toEqual([]);
  });

  it('bolds all tied runs in the compare table', () => {
    const runs = [0, 0, 1].map((wrong, i) => runSummary(i + 1, { finalMetrics: { train: {}, val: { maxWrongPixels: wrong } } }));
    expect(marked(finalMetricsTable(runs).rows)).toEqual([['0*'], ['0*'], ['1']]);
  });

  it('marks no best across losses that do not compare (MSE vs BCE), with a note saying why', () => {
    const runs = [
      runSummary(1, { config: withLoss('mse'), finalMetrics: { train: {}, val: { loss: 0.02 } } }),
      runSummary(2, { config: withLoss('bce'), finalMetrics: { train: {}, val: { loss: 0.1 } } }),
    ];
    const table = finalMetricsTable(runs);
    expect(marked(table.rows)).toEqual([['0.02'], ['0.1']]);
    expect(table.note).toBe('No best value marked: the runs differ in losses (mse, bce), so their metrics do not rank against each other.');
    expect(formatTable(table, 'md')).toContain('No best value marked');
    expect(formatTable(table, 'tex')).toMatch(/\\caption\{No best value marked/);
    expect(formatTable(table, 'csv')).not.toContain('No best');
  });

  it('marks no best across datasets', () => {
    const runs = [runSummary(1, { finalMetrics: { train: {}, val: { mse: 0.1 } } }), runSummary(2, { datasetId: 'mnist', finalMetrics: { train: {}, val: { mse: 0.2 } } })];
    expect(incomparability(runs)).toEqual({ datasets: ['font5x7', 'mnist'], losses: [] });
    expect(marked(finalMetricsTable(runs).rows)).toEqual([['0.1'], ['0.2']]);
  });

  it('tells a VAE loss (with its KL term) and a GAN loss apart from a plain reconstruction loss', () => {
    expect(lossMeaning(runSummary(1, { modelKind: 'vae', config: withLoss('bce') }))).toBe('bce+KL');
    expect(lossMeaning(runSummary(1, { modelKind: 'gan' }))).toBe('GAN');
    // A conditional VAE's loss has the VAE's KL term too, so it ranks with VAEs, not with plain autoencoders.
    expect(lossMeaning(runSummary(1, { modelKind: 'cvae', config: withLoss('bce') }))).toBe('bce+KL');
    expect(lossMeaning(runSummary(1, { config: withLoss('mse') }))).toBe('mse');
    expect(incomparability([runSummary(1), runSummary(2)])).toBeNull();
  });
});
