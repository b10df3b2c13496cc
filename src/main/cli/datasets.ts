/** `latent-lab datasets`, `download` and `import-dataset`, with progress on stderr. */
import { CSV_DELIMITERS, IMPORT_FORMATS, type CsvDelimiter, type ImportFileOptions, type ImportFormat } from '../../shared/datasets.js';
import type { Lab } from '../services/lab.js';
import { table } from './format.js';
import { downloadLine, importLine, progressReporter, type ProgressSink } from './progress.js';
import { UsageError } from './usage.js';

export interface DatasetCommandIo {
  print(text: string): void;
  /** Where progress goes, or null for none (--json, or stderr not a terminal without --progress). */
  progress: ProgressSink | null;
}

export async function listDatasets(lab: Lab, json: boolean, io: DatasetCommandIo): Promise<number> {
  const list = await lab.datasets.list();
  if (json) list.forEach((d) => io.print(JSON.stringify(d)));
  else
    io.print(
      table(
        ['id', 'available', 'shape', 'train', 'test', 'where / how to get it'],
        list.map((d) => [d.id, d.available ? 'yes' : 'no', d.sampleShape.join('x'), d.trainCount, d.testCount, d.available ? d.location : d.howToGet]),
      ),
    );
  return 0;
}

export async function downloadDataset(lab: Lab, id: string | undefined, io: DatasetCommandIo): Promise<number> {
  if (!id) throw new UsageError('download needs a DATASET id');
  const reporter = io.progress ? progressReporter(io.progress) : null;
  const off = reporter
    ? lab.on('datasetDownload', (p) => reporter.show(downloadLine(p), p.totalBytes !== null && p.receivedBytes >= p.totalBytes))
    : () => {};
  try {
    const info = await lab.datasets.download(id);
    reporter?.finish();
    io.print(`${info.id} downloaded to ${info.location}`);
    return 0;
  } finally {
    reporter?.finish();
    off();
  }
}

export interface ImportArgs {
  rest: string[];
  name: string | undefined;
  delimiter: string | undefined;
  decimal: string | undefined;
  json: boolean;
}

/** `--delimiter` accepts the character or a word for it (a tab is awkward to type in a shell). */
const DELIMITER_WORDS: Record<string, CsvDelimiter> = { ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t' };

export function importFileOptions(format: ImportFormat, delimiter: string | undefined, decimal: string | undefined): ImportFileOptions {
  if ((delimiter !== undefined || decimal !== undefined) && format !== 'csv') {
    throw new UsageError(`--delimiter and --decimal apply to csv imports, not ${format}`);
  }
  const options: ImportFileOptions = {};
  if (delimiter !== undefined) {
    const value = DELIMITER_WORDS[delimiter.toLowerCase()];
    if (!value) throw new UsageError(`--delimiter must be one of ${CSV_DELIMITERS.map((d) => (d === '\t' ? 'tab' : `"${d}"`)).join(', ')}, got "${delimiter}"`);
    options.delimiter = value;
  }
  if (decimal !== undefined) {
    if (decimal !== '.' && decimal !== ',') throw new UsageError(`--decimal must be "." or ",", got "${decimal}"`);
    options.decimal = decimal;
  }
  return options;
}

export async function importDataset(lab: Lab, args: ImportArgs, io: DatasetCommandIo): Promise<number> {
  const [format, ...paths] = args.rest;
  if (!format || !IMPORT_FORMATS.includes(format as ImportFormat)) {
    throw new UsageError(`import-dataset needs a FORMAT: one of ${IMPORT_FORMATS.join(', ')}`);
  }
  if (paths.length === 0) throw new UsageError('import-dataset needs at least one PATH');
  const options = importFileOptions(format as ImportFormat, args.delimiter, args.decimal);
  const reporter = io.progress ? progressReporter(io.progress) : null;
  const off = reporter ? lab.on('datasetImport', (p) => reporter.show(importLine(p), p.done === p.total)) : () => {};
  try {
    const info = await lab.datasets.import(format as ImportFormat, paths, args.name ?? `${format}-import`, options);
    reporter?.finish();
    if (args.json) io.print(JSON.stringify(info));
    else io.print(`imported ${info.id}: ${info.trainCount ?? 0} training samples of shape ${info.sampleShape.join('x')}`);
    return 0;
  } finally {
    reporter?.finish();
    off();
  }
}
