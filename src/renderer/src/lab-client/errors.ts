/** The error every LabApi call rejects with in the renderer, whichever transport carried it. */
import { decodeBridgeError } from '../../../shared/api-schemas.js';
import { reasonsOf, type Reason } from '../../../shared/reasons.js';

export class LabCallError extends Error {
  /** `not_found`, `invalid_payload`, `invalid_config`, `unsupported`, `disconnected`, `failed`, … */
  readonly code: string;
  /** The method that failed, e.g. `runs.start`. */
  readonly method: string;

  /** Why, as translatable codes (see shared/reasons.ts); the message is their English form. */
  readonly reasons: Reason[];

  constructor(method: string, code: string, message: string, reasons: unknown = []) {
    super(message);
    this.name = 'LabCallError';
    this.method = method;
    this.code = code;
    this.reasons = reasonsOf({ reasons });
  }

  /** From an Error the Electron preload threw (its message carries the code; see encodeBridgeError). */
  static fromBridge(method: string, error: unknown): LabCallError {
    const { code, message, reasons } = decodeBridgeError(error instanceof Error ? error.message : String(error));
    return new LabCallError(method, code, message, reasons);
  }
}
