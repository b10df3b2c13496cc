/**
 * vue-i18n set-up. vue-i18n 11 compiles messages to an AST interpreted at run time (no eval, no
 * `new Function`), so it runs under the app's strict Content-Security-Policy.
 */
import { createI18n } from 'vue-i18n';
import type { Settings } from '../../../shared/api.js';
import en, { type Messages } from './en.js';
import es from './es.js';
import ptBR from './pt-BR.js';

export type Locale = Settings['language'];
export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'pt-BR', label: 'Português (Brasil)' },
  { value: 'es', label: 'Español' },
];

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en, 'pt-BR': ptBR, es },
});

/** Switch the UI language (and the document's `lang`, for screen readers and hyphenation). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
