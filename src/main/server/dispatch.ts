/**
 * The one dispatcher behind both transports (Electron IPC and the browser-mode WebSocket):
 * name check → argument validation → call → `ApiResult` envelope. Transports add only their own
 * sender checks; everything a payload must satisfy is decided here, once.
 */
import type { ApiResult, LabApi } from '../../shared/api.js';
import {
  describeIssues,
  isLabMethod,
  labMethodSchemas,
  splitMethod,
  type DialogsApi,
  type LabDomain,
} from '../../shared/api-schemas.js';
import { reasonsOf } from '../../shared/reasons.js';

/**
 * What the dispatcher calls: the services' LabApi (`on` is not callable over the wire) plus, in the
 * desktop app only, native dialogs.
 */
export type LabTarget = Pick<LabApi, Exclude<LabDomain, 'dialogs'>> & { dialogs?: DialogsApi };

/** A LabTarget that also pushes events: what a transport serves. */
export type ServedLab = LabTarget & Pick<LabApi, 'on'>;

export interface DispatchOptions {
  /** Receives errors that carry no code of their own (bugs, I/O failures) with their stack. */
  onUnexpectedError?: (method: string, error: unknown) => void;
}

const ERROR_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** Error names of the shared/main modules that map to a code when they carry none. */
const CODE_BY_ERROR_NAME: Record<string, string> = {
  ConfigError: 'invalid_config',
  DatasetError: 'dataset_error',
};

/** Build a failure envelope. */
export function failure(code: string, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Turn anything a service threw into an error envelope. A lower-case `code` property on the error
 * (e.g. NotFoundError's `not_found`) is kept; otherwise the error's name picks one, else `failed`.
 * The message is always the service's own, so the UI can show it as is; translatable `reasons`
 * (see shared/reasons.ts) travel beside it.
 */
export function errorToResult(error: unknown): ApiResult<never> & { ok: false } {
  if (error instanceof Error) {
    const own = (error as { code?: unknown }).code;
    const code =
      typeof own === 'string' && ERROR_CODE_PATTERN.test(own) ? own : (CODE_BY_ERROR_NAME[error.name] ?? 'failed');
    const reasons = reasonsOf(error);
    return { ok: false, error: { code, message: error.message || error.name, ...(reasons.length > 0 ? { reasons } : {}) } };
  }
  return { ok: false, error: { code: 'failed', message: String(error) } };
}

/**
 * Validate and perform one call. Never throws: every outcome, including an unknown method or a
 * malformed payload, comes back as an `ApiResult`.
 *
 * @param lab    the services (and dialogs, in the desktop app)
 * @param method untrusted method name, e.g. `'runs.start'`
 * @param args   untrusted argument list
 */
export async function handleCall(
  lab: LabTarget,
  method: unknown,
  args: unknown,
  options: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  if (!isLabMethod(method)) {
    return failure('unknown_method', `unknown method ${JSON.stringify(String(method).slice(0, 100))}`);
  }
  if (!Array.isArray(args)) {
    return failure('invalid_payload', `${method}: the arguments must be a list`);
  }
  const parsed = labMethodSchemas[method].safeParse(args);
  if (!parsed.success) {
    return failure('invalid_payload', `${method}: ${describeIssues(parsed.error)}`);
  }

  const [domain, name] = splitMethod(method);
  const domainObject = lab[domain] as Record<string, unknown> | undefined;
  const fn = domainObject?.[name];
  if (typeof fn !== 'function') {
    return failure(
      'unsupported',
      domain === 'dialogs'
        ? 'Native dialogs exist only in the desktop app; type the path instead.'
        : `${method} is not available in this mode`,
    );
  }

  try {
    const value: unknown = await (fn as (...a: unknown[]) => unknown).apply(domainObject, parsed.data as unknown[]);
    return { ok: true, value };
  } catch (error) {
    const result = errorToResult(error);
    if (result.error.code === 'failed') (options.onUnexpectedError ?? logUnexpected)(method, error);
    return result;
  }
}

function logUnexpected(method: string, error: unknown): void {
  console.error(`[latent-lab] ${method} failed:`, error);
}
