/**
 * The texts of the catalogue the services send in English: preset titles and descriptions (run and
 * sweep presets) and the built-in datasets' titles and descriptions, in the UI language. English,
 * and anything without a translation (an imported dataset, a preset added later), shows as sent.
 */
import type { DatasetInfo } from '../../../shared/datasets.js';
import { PRESETS_ES } from './presets/es.js';
import { PRESETS_PT_BR } from './presets/pt-BR.js';
import type { GridCell, PresetText, PresetTranslations } from './presets/types.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Preset translations by language; English is the presets' own text. */
export const PRESET_TRANSLATIONS: Record<'pt-BR' | 'es', PresetTranslations> = { 'pt-BR': PRESETS_PT_BR, es: PRESETS_ES };

const GRID_ID = /^(mnist|fashion-mnist)-dense-(\d+(?:-\d+)*)-(relu|linear)(-adamw)?$/;
const GRID_DATASETS: Record<string, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };

/** The dense grid cell a preset id names (`mnist-dense-128-64-relu`, `…-relu-adamw`), or null. */
export function gridCellOf(preset: { id: string; config?: { reference?: { value: number } | null } }): { cell: GridCell; variant: boolean } | null {
  const match = GRID_ID.exec(preset.id);
  if (!match) return null;
  const [, dataset, encoder, activation, adamw] = match as unknown as [string, string, string, 'relu' | 'linear', string | undefined];
  return {
    cell: { dataset: GRID_DATASETS[dataset]!, arch: `784-${encoder}-784`, encoder, activation, reportValue: preset.config?.reference?.value ?? null },
    variant: adamw !== undefined,
  };
}

/** A run or sweep preset's title and description in `locale`; `translated` is false when it fell back to English. */
export function presetText(
  locale: string,
  preset: { id: string; title: string; description: string; config?: { reference?: { value: number } | null } },
): PresetText & { translated: boolean } {
  const translations = locale === 'pt-BR' || locale === 'es' ? PRESET_TRANSLATIONS[locale] : null;
  if (!translations) return { title: preset.title, description: preset.description, translated: locale === 'en' };
  const own = translations.byId[preset.id];
  if (own) return { ...own, translated: true };
  const grid = gridCellOf(preset);
  if (grid) return { ...(grid.variant ? translations.gridVariant(grid.cell) : translations.gridCell(grid.cell)), translated: true };
  return { title: preset.title, description: preset.description, translated: false };
}

/** A dataset's title in the UI language (built-in ones by id; an imported one keeps its name). */
export function datasetTitle(t: Translate, te: (key: string) => boolean, info: Pick<DatasetInfo, 'id' | 'title'>): string {
  return te(`datasetText.${info.id}.title`) ? t(`datasetText.${info.id}.title`) : info.title;
}

export function datasetDescription(t: Translate, te: (key: string) => boolean, info: Pick<DatasetInfo, 'id' | 'description'>): string {
  return te(`datasetText.${info.id}.description`) ? t(`datasetText.${info.id}.description`) : info.description;
}
