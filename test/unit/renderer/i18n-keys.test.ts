/**
 * Every UI string in every language: the three message files hold the same keys, and every key the
 * renderer names literally (t('…'), te('…')) exists. A key missing in one language fails here, naming
 * the language and the key. The catalogue the services send in English (preset texts, built-in
 * dataset names, refusal reasons) has a translation for every entry in every language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../src/renderer/src/i18n/en.js';
import es from '../../../src/renderer/src/i18n/es.js';
import ptBR from '../../../src/renderer/src/i18n/pt-BR.js';
import { createI18n } from 'vue-i18n';
import { presetText } from '../../../src/renderer/src/i18n/catalog-text.js';
import { reasonText } from '../../../src/renderer/src/i18n/reason-text.js';
import { PRESETS } from '../../../src/shared/presets.js';
import { SWEEP_PRESETS } from '../../../src/shared/presets/sweeps.js';
import { REASON_CODES } from '../../../src/shared/reasons.js';
import { BUILTIN_SOURCES } from '../../../src/main/datasets/registry.js';

const BUILT_IN_DATASETS = BUILTIN_SOURCES.map((source) => source.id);

function flatKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sourceFiles(full);
    return /\.(ts|vue)$/.test(entry.name) ? [full] : [];
  });
}

const languages = { en, 'pt-BR': ptBR, es } as const;
const english = new Set(flatKeys(en));

describe('translations', () => {
  it.each(Object.entries(languages))('%s has exactly the keys of English, every message non-empty', (_language, messages) => {
    const keys = flatKeys(messages);
    expect(keys.filter((k) => !english.has(k))).toEqual([]);
    expect([...english].filter((k) => !keys.includes(k))).toEqual([]);
    const empty = keys.filter((k) => k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) === '');
    expect(empty).toEqual([]);
  });

  it('has every key the renderer names literally', () => {
    const used = new Map<string, string>();
    for (const file of sourceFiles(path.resolve('src/renderer/src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt[e]?\(\s*'([A-Za-z][\w.]*)'/g)) used.set(match[1]!, path.relative('.', file));
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used.entries()].filter(([key]) => !english.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('catalogue texts', () => {
  it.each(['pt-BR', 'es'] as const)('%s translates every run and sweep preset\'s title and description', (language) => {
    const untranslated = [...PRESETS, ...SWEEP_PRESETS]
      .map((preset) => ({ id: preset.id, english: preset, text: presetText(language, preset) }))
      .filter(({ english, text }) => !text.translated || text.title === '' || text.description === '' || text.description === english.description)
      .map(({ id }) => id);
    expect(untranslated).toEqual([]);
  });

  it('has a sentence for every refusal reason and a title and description for every built-in dataset, in every language', () => {
    for (const [language, messages] of Object.entries(languages)) {
      const keys = new Set(flatKeys(messages));
      const missing = [
        ...REASON_CODES.map((code) => `reasons.${code}`),
        ...BUILT_IN_DATASETS.flatMap((id) => [`datasetText.${id}.title`, `datasetText.${id}.description`]),
      ].filter((key) => !keys.has(key));
      expect(missing, language).toEqual([]);
    }
  });

  it('puts a refusal into the UI language, naming the field by its label', () => {
    const i18n = createI18n({ legacy: false, locale: 'pt-BR', fallbackLocale: 'en', messages: { en, 'pt-BR': ptBR, es } });
    const text = reasonText((key, values) => i18n.global.t(key, values ?? {}), (key) => i18n.global.te(key), [
      { code: 'anomalyNeedsLabels', params: { path: 'anomaly', dataset: 'spiral3d' } },
      { code: 'datasetUnavailable', params: { dataset: 'cifar10' } },
    ]);
    expect(text).toContain('o conjunto spiral3d não tem nenhum');
    expect(text).toContain('O conjunto de dados cifar10 não está disponível');
  });
});
