/**
 * Progress of downloads and imports on stderr: one line redrawn in place on a terminal, or (with
 * --progress when stderr is not one) a plain line at most once a second and at the end of each file.
 */
import type { DownloadProgress, ImportProgress } from '../../shared/datasets.js';
import { progressBar } from './format.js';

export interface ProgressSink {
  write(text: string): void;
  /** True when the sink is a terminal: redraw one line instead of appending lines. */
  isTTY: boolean;
}

const PLAIN_INTERVAL_MS = 1000;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

export function downloadLine(p: DownloadProgress): string {
  if (p.totalBytes === null || p.totalBytes === 0) return `downloading ${p.file}: ${megabytes(p.receivedBytes)}`;
  const fraction = p.receivedBytes / p.totalBytes;
  return `downloading ${p.file} ${progressBar(fraction)} ${Math.floor(fraction * 100)}%  ${megabytes(p.receivedBytes)} of ${megabytes(p.totalBytes)}`;
}

export function importLine(p: ImportProgress): string {
  if (p.stage === 'writing') return `writing dataset ${p.name}${p.done === p.total ? ': done' : '…'}`;
  const fraction = p.total > 0 ? p.done / p.total : 0;
  return `reading${p.file ? ` ${p.file}` : ''} ${progressBar(fraction)} ${p.done}/${p.total}`;
}

/** A reporter for one command; `finish` ends a redrawn line so later output starts on its own line. */
export function progressReporter(sink: ProgressSink, now: () => number = Date.now): { show(line: string, final: boolean): void; finish(): void } {
  let last = -Infinity;
  let drawn = false;
  let lastLine = '';
  return {
    show(line, final) {
      if (sink.isTTY) {
        sink.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const time = now();
      if ((!final && time - last < PLAIN_INTERVAL_MS) || line === lastLine) return;
      last = time;
      lastLine = line;
      sink.write(`${line}\n`);
    },
    finish() {
      if (drawn) sink.write('\n');
      drawn = false;
    },
  };
}
