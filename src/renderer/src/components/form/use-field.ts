/** What every form field needs: its value by path, its translated label and its problems. */

import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { fieldLabel, issueText } from '../../i18n/field-text.js';
import { getPath, setPath } from '../../lib/paths.js';
import { useRunForm } from './context.js';

/** Bind a field to the enclosing form by its config path. */
export function useField<T>(path: () => string) {
  const form = useRunForm();
  const { t, te } = useI18n();
  const value = computed<T>({
    get: () => getPath(form.config, path()) as T,
    set: (next) => setPath(form.config, path(), next),
  });
  const label = computed(() => fieldLabel(t, te, path()));
  const own = computed(() => form.issues.value.filter((issue) => issue.path === path() || issue.path.startsWith(`${path()}.`)));
  const feedback = computed(() => (own.value.length > 0 ? own.value.map((issue) => issueText(t, te, issue)).join('; ') : undefined));
  const status = computed(() => (own.value.length > 0 ? ('error' as const) : undefined));
  return { value, label, feedback, status };
}
