/**
 * The bench's output: one BenchRow per model, batch and backend, printed as a table or as one JSON
 * object per line (`--json`).
 */
import type { RunResult } from './spec.js';

/** One line of the bench. Null numbers: not measured (see `note`). */
export interface BenchRow {
  model: string;
  /** Preset the model and training settings come from. */
  preset: string | null;
  batch: number | null;
  /** Our backend (wasm, cpu, tensorflow, wasm-stock), null for rows that did not run at all. */
  backend: string | null;
  dataset: string | null;
  /** Training samples per epoch, and epochs (the validation loss is after all of them). */
  samples: number | null;
  epochs: number | null;
  /** Trainable parameters of the model (ours; torch's when ours did not run). */
  params: number | null;
  samplesPerSec: number | null;
  torchSamplesPerSec: number | null;
  /** Ours / PyTorch samples per second (> 1: we are faster). */
  ratio: number | null;
  valLoss: number | null;
  torchValLoss: number | null;
  /** Ours / PyTorch validation loss (> 1: we reached a worse loss). */
  valLossRatio: number | null;
  peakRssMb: number | null;
  torchPeakRssMb: number | null;
  /** Per-epoch wall seconds (the last epoch of ours includes the final evaluation). */
  epochSeconds: number[] | null;
  torchEpochSeconds: number[] | null;
  /** tf.memory().numTensors after each epoch: flat when nothing leaks. */
  numTensors: number[] | null;
  runtime: string | null;
  torchRuntime: string | null;
  /** PyTorch's thread configuration (1-thread, openblas-N, torch-N): the fastest in calibration. */
  torchConfig: string | null;
  /** Why something is missing or what to keep in mind (errors, reduced workloads, synthetic data). */
  note: string | null;
}

/** Fills a row's measured fields from the two results. */
export function measuredRow(
  base: Pick<BenchRow, 'model' | 'preset' | 'batch' | 'backend' | 'dataset' | 'samples' | 'epochs'> & { torchConfig?: string | null },
  ours: RunResult | null, torch: RunResult | null, notes: string[]): BenchRow {
  const o = ours?.ok ? ours : null;
  const t = torch?.ok ? torch : null;
  const allNotes = [...notes];
  if (ours && !ours.ok) allNotes.push(`ours failed: ${ours.error}`);
  if (torch && !torch.ok) allNotes.push(`torch failed: ${torch.error}`);
  if (o && t && o.trainableParams !== t.trainableParams) {
    allNotes.push(`the models differ: ${o.trainableParams} trainable parameters here, ${t.trainableParams} in torch`);
  }
  const ratio = (a: number | undefined, b: number | undefined): number | null => (a !== undefined && b !== undefined && b !== 0 ? a / b : null);
  return {
    ...base,
    params: o?.trainableParams ?? t?.trainableParams ?? null,
    samplesPerSec: o?.samplesPerSec ?? null,
    torchSamplesPerSec: t?.samplesPerSec ?? null,
    ratio: ratio(o?.samplesPerSec, t?.samplesPerSec),
    valLoss: o?.valLoss ?? null,
    torchValLoss: t?.valLoss ?? null,
    valLossRatio: ratio(o?.valLoss, t?.valLoss),
    peakRssMb: o?.peakRssMb ?? null,
    torchPeakRssMb: t?.peakRssMb ?? null,
    epochSeconds: o?.epochSeconds ?? null,
    torchEpochSeconds: t?.epochSeconds ?? null,
    numTensors: o?.numTensors ?? null,
    runtime: o?.runtime ?? null,
    torchRuntime: t?.runtime ?? null,
    torchConfig: base.torchConfig ?? null,
    note: allNotes.length > 0 ? allNotes.join('; ') : null,
  };
}

/** A row for something that was not run at all. */
export function noteRow(model: string, note: string, fields: Partial<BenchRow> = {}): BenchRow {
  return measuredRow(
    { model, preset: null, batch: null, backend: null, dataset: null, samples: null, epochs: null, ...fields },
    null,
    null,
    [note],
  );
}

const DASH = '-';
const rate = (v: number | null): string => (v === null ? DASH : Math.round(v).toLocaleString('en-US'));
const loss = (v: number | null): string => (v === null ? DASH : v.toPrecision(4));
const times = (v: number | null): string => (v === null ? DASH : `${v.toFixed(2)}x`);
const mb = (v: number | null): string => (v === null ? DASH : String(Math.round(v)));

/** The human table, with the notes numbered under it. */
export function formatTable(rows: BenchRow[], header: string[]): string {
  const titles = ['model', 'batch', 'backend', 'work', 'samples/s', 'torch', 'ratio', 'val loss', 'torch', 'ratio', 'RSS MB', 'torch', 'torch cfg', 'note'];
  const notes: string[] = [];
  const cells = rows.map((r) => {
    let noteRef = '';
    if (r.note) {
      // Rows with the same note share its number.
      if (!notes.includes(r.note)) notes.push(r.note);
      noteRef = `[${notes.indexOf(r.note) + 1}]`;
    }
    return [
      r.model,
      r.batch === null ? DASH : String(r.batch),
      r.backend ?? DASH,
      r.samples === null ? DASH : `${r.samples}x${r.epochs}`,
      rate(r.samplesPerSec),
      rate(r.torchSamplesPerSec),
      times(r.ratio),
      loss(r.valLoss),
      loss(r.torchValLoss),
      times(r.valLossRatio),
      mb(r.peakRssMb),
      mb(r.torchPeakRssMb),
      r.torchConfig ?? DASH,
      noteRef,
    ];
  });
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((c) => c[i]!.length)));
  // Text columns left-aligned, numbers right-aligned.
  const leftAligned = new Set([0, 2, 3, 12, 13]);
  const line = (c: string[]): string => c.map((v, i) => (leftAligned.has(i) ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    ...header,
    '',
    line(titles),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    ...notes.map((n, i) => `[${i + 1}] ${n}`),
  ].join('\n');
}

/** One JSON object per line, in the order of the table. */
export function formatJsonLine(row: BenchRow): string {
  return JSON.stringify(row);
}
