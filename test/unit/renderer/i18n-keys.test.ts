/**
 * Every UI string in every language: the three message files hold the same keys, and every key the
 * renderer names literally (t('…'), te('…')) exists. A key missing in one language fails here, naming
 * the language and the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../src/renderer/src/i18n/en.js';
import es from '../../../src/renderer/src/i18n/es.js';
import ptBR from '../../../src/renderer/src/i18n/pt-BR.js';

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
