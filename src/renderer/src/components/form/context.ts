/**
 * The new-run form's shared state, provided by the form and injected by its field components, so
 * each field only names its config path.
 */
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { RunConfig } from '../../../../shared/config.js';
import type { FieldIssue } from '../../lib/run-form.js';

export interface RunFormContext {
  /** The config being edited (reactive; fields write into it by path). */
  config: RunConfig;
  /** Current validation problems of the whole config. */
  issues: ComputedRef<FieldIssue[]>;
}

export const RUN_FORM: InjectionKey<RunFormContext> = Symbol('run-form');

/** The enclosing form's context. @throws Error when a field is used outside the form */
export function useRunForm(): RunFormContext {
  const context = inject(RUN_FORM, null);
  if (!context) throw new Error('form fields must be placed inside the new-run form');
  return context;
}

/** `data-testid` of a field: `field-` and its path with dots as dashes. */
export const fieldTestId = (path: string): string => `field-${path.replace(/\./g, '-')}`;
