/** Turns a form field's validation problem into a translated sentence that names the field. */
import type { FieldIssue } from '../lib/run-form.js';
import { labelPath } from '../lib/paths.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Translated label of a config field, falling back to its dotted path. */
export function fieldLabel(t: Translate, te: (key: string) => boolean, path: string): string {
  const key = `fields.${labelPath(path)}`;
  const label = te(key) ? t(key) : path;
  // Name the item of a list field too ("Encoder widths #2") so the user finds it.
  const index = /\.(\d+)(?:\.|$)/.exec(path);
  return index ? `${label} #${Number(index[1]) + 1}` : label;
}

/** The sentence for one problem, e.g. "Learning rate must be at most 10". */
export function issueText(t: Translate, te: (key: string) => boolean, issue: FieldIssue): string {
  const field = issue.path === '' ? 'config' : fieldLabel(t, te, issue.path);
  const code = issue.exclusive && (issue.code === 'tooSmall' || issue.code === 'tooBig') ? `${issue.code}Exclusive` : issue.code;
  return t(`validation.${code}`, { field, limit: issue.limit, options: issue.options?.join(', '), detail: issue.detail });
}
