/** Turns the reasons of a refusal (shared/reasons.ts) into translated sentences. */
import type { Reason } from '../../../shared/reasons.js';
import { fieldLabel } from './field-text.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** One sentence per reason, joined; a config path is named by its translated field label. */
export function reasonText(t: Translate, te: (key: string) => boolean, reasons: readonly Reason[]): string {
  return reasons
    .map(({ code, params }) => {
      const values: Record<string, unknown> = { ...params };
      if (typeof params.path === 'string') values.field = fieldLabel(t, te, params.path);
      return t(`reasons.${code}`, values);
    })
    .join(' ');
}
