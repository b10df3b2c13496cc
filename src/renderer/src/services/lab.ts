/**
 * The renderer's single handle on LabApi. Stores reach the main process only through `lab()`;
 * `main.ts` installs the real client (Electron preload or browser-mode WebSocket) at start-up,
 * and store tests install an in-memory LabApi instead.
 */
import type { LabContract } from '../../../shared/api-schemas.js';
import { reasonsOf, type Reason } from '../../../shared/reasons.js';

let current: LabContract | null = null;
let translateReasons: ((reasons: Reason[]) => string) | null = null;

/** Install how refusal reasons are put into words (main.ts: the UI language); without it the English message shows. */
export function setReasonText(text: (reasons: Reason[]) => string): void {
  translateReasons = text;
}

/** Install the LabApi implementation (LabApi plus the desktop `dialogs` domain) the stores use. */
export function setLab(api: LabContract): void {
  current = api;
}

/** The installed LabApi. @throws Error when called before `setLab` (a start-up ordering bug). */
export function lab(): LabContract {
  if (!current) throw new Error('LabApi is not connected yet: setLab() must run before the stores load');
  return current;
}

/**
 * Human-readable text of anything a LabApi call rejected with: its reasons in the UI language when
 * it carries some, else the service's message when there is one (`{code, message}` envelopes and
 * Error objects), else the value printed.
 */
export function errorMessage(error: unknown): string {
  const reasons = reasonsOf(error);
  if (reasons.length > 0 && translateReasons) return translateReasons(reasons);
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
