/**
 * The window's own translations, read in the main process so that a headless figure carries the
 * axis names and legends the window shows in the same language. The message trees are plain data
 * (src/renderer/src/i18n/*.ts); this resolves a dotted key and fills vue-i18n's `{name}` and
 * `{'literal'}` placeholders, with English as the fallback like the window's vue-i18n.
 */
import type { Settings } from '../../shared/api.js';
import en from '../../renderer/src/i18n/en.js';
import es from '../../renderer/src/i18n/es.js';
import ptBR from '../../renderer/src/i18n/pt-BR.js';

export type Language = Settings['language'];
export const LANGUAGES: readonly Language[] = ['en', 'pt-BR', 'es'];

const CATALOGS: Record<Language, unknown> = { en, 'pt-BR': ptBR, es };

/** Translate `key` with `params`; `has(key)` says whether the key exists (like vue-i18n's `te`). */
export interface UiText {
  (key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
  language: Language;
}

function lookup(tree: unknown, key: string): string | undefined {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function fill(message: string, params: Record<string, string | number>): string {
  return message.replace(/\{\s*(?:'([^']*)'|(\w+))\s*\}/g, (whole, literal: string | undefined, name: string | undefined) => {
    if (literal !== undefined) return literal;
    const value = params[name ?? ''];
    return value === undefined ? whole : String(value);
  });
}

export function uiText(language: Language): UiText {
  const t = ((key: string, params: Record<string, string | number> = {}) =>
    fill(lookup(CATALOGS[language], key) ?? lookup(CATALOGS.en, key) ?? key, params)) as UiText;
  t.has = (key) => lookup(CATALOGS[language], key) !== undefined || lookup(CATALOGS.en, key) !== undefined;
  t.language = language;
  return t;
}

/** The metric's display name (`metrics.psnr` → `PSNR (dB)`), else the metric itself. */
export const metricName = (t: UiText, metric: string): string => (t.has(`metrics.${metric}`) ? t(`metrics.${metric}`) : metric);
