import { describe, expect, it } from 'vitest';
import { downloadLine, importLine, progressReporter } from '../../../../src/main/cli/progress.js';
import { throttledImportProgress } from '../../../../src/main/services/import-progress.js';
import type { ImportProgress } from '../../../../src/shared/datasets.js';

describe('CLI progress lines', () => {
  it('shows a download as bar, percentage and megabytes, or bytes alone without a length', () => {
    const line = downloadLine({ datasetId: 'x', file: 'a.gz', receivedBytes: 1024 ** 2, totalBytes: 4 * 1024 ** 2 });
    expect(line).toBe('downloading a.gz [######------------------] 25%  1.0 MB of 4.0 MB');
    expect(downloadLine({ datasetId: 'x', file: 'a.gz', receivedBytes: 3 * 1024 ** 2, totalBytes: null })).toBe('downloading a.gz: 3.0 MB');
  });

  it('shows an import as files read, then the store written', () => {
    expect(importLine({ name: 'd', stage: 'reading', file: 'train.csv', done: 1, total: 2 })).toBe('reading train.csv [############------------] 1/2');
    expect(importLine({ name: 'd', stage: 'writing', file: null, done: 1, total: 1 })).toBe('writing dataset d: done');
  });

  it('redraws one line on a terminal and ends it with a newline', () => {
    let out = '';
    const reporter = progressReporter({ isTTY: true, write: (t) => void (out += t) });
    reporter.show('a', false);
    reporter.show('b', true);
    reporter.finish();
    reporter.finish();
    expect(out).toBe('\r\x1b[2Ka\r\x1b[2Kb\n');
  });

  it('appends plain lines at most once a second, always the final one', () => {
    let out = '';
    let time = 0;
    const reporter = progressReporter({ isTTY: false, write: (t) => void (out += t) }, () => time);
    reporter.show('1', false);
    time = 500;
    reporter.show('2', false);
    reporter.show('3', true);
    time = 2000;
    reporter.show('4', false);
    reporter.finish();
    expect(out).toBe('1\n3\n4\n');
  });
});

describe('import progress events', () => {
  it('passes the first and last of each stage and at most one other per 100 ms', () => {
    const seen: ImportProgress[] = [];
    let time = 0;
    const report = throttledImportProgress('d', (p) => seen.push(p), () => time);
    for (let done = 0; done <= 10; done++) {
      report({ stage: 'reading', file: 'f', done, total: 10 });
      time += 30;
    }
    expect(seen.map((p) => p.done)).toEqual([0, 4, 8, 10]);
    expect(seen.every((p) => p.name === 'd')).toBe(true);
  });
});
