/**
 * Translated texts of the runs table's columns: short headers that fit (with the long form for a
 * tooltip), config field names, and the note under a table whose runs do not rank.
 */
import { translatedIncomparabilityNote, type Incomparability } from '../../../shared/tables/comparability.js';
import type { FixedColumn, RunColumn } from '../../../shared/tables/run-columns.js';
import type { MetricColumn } from '../../../shared/tables/run-tables.js';
import { fieldLabel } from '../i18n/field-text.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;

export interface ColumnText {
  /** What the header shows. */
  short: string;
  /** What its tooltip and the column picker show. */
  long: string;
}

export function metricText(t: Translate, te: Exists, column: MetricColumn): ColumnText {
  const name = (group: string): string => (te(`${group}.${column.metric}`) ? t(`${group}.${column.metric}`) : column.metric);
  return {
    short: t('runs.metricShort', { metric: name('metricsShort'), split: t(`splitsShort.${column.split}`) }),
    long: t('runs.metricColumn', { metric: name('metrics'), split: t(`splits.${column.split}`) }),
  };
}

export function configText(t: Translate, te: Exists, path: string): ColumnText {
  const label = fieldLabel(t, te, path);
  return { short: label === path ? (path.split('.').at(-1) ?? path) : label, long: path };
}

export function fixedText(t: Translate, id: FixedColumn): ColumnText {
  const text = t(`runs.${id}`);
  return { short: text, long: text };
}

export function columnText(t: Translate, te: Exists, column: RunColumn): ColumnText {
  if (column.kind === 'fixed') return fixedText(t, column.id);
  if (column.kind === 'config') return configText(t, te, column.path);
  if (column.kind === 'reference') return { short: t(`reference.${column.part}`), long: t(`reference.${column.part}`) };
  return metricText(t, te, column.column);
}

export function incomparableNote(t: Translate, why: Incomparability): string {
  return translatedIncomparabilityNote(t, why);
}

const STORAGE_KEY = 'latent-lab.runs.columns';

/** The saved column choice (ids), or null for the defaults. */
export function loadColumnChoice(storage: Pick<Storage, 'getItem'> | undefined): string[] | null {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    return Array.isArray(parsed) && parsed.every((id) => typeof id === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export function saveColumnChoice(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, ids: string[] | null): void {
  if (!storage) return;
  if (ids === null) storage.removeItem(STORAGE_KEY);
  else storage.setItem(STORAGE_KEY, JSON.stringify(ids));
}

/** The note naming the runs whose "val" numbers re-score the training set. */
export const rescoredText = (t: Translate) => (runs: string): string => t('valSource.rescoredRuns', { runs });
