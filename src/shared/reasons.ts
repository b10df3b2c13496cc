/**
 * Why the services refused something, as a code with parameters the renderer translates; the
 * English message stays the fallback (CLI, logs, a renderer without the key). An error that
 * carries `reasons` sends them with its message across IPC and the WebSocket.
 * Pure module: no Node, no DOM.
 */

/** Every refusal the UI translates; a new one needs a `reasons.<code>` key in each language. */
export const REASON_CODES = [
  'datasetUnavailable',
  'memoryOverLimit',
  'stopMetricBinaryOnly',
  'stopMetricNotRecorded',
  'denoisingNeedsReconstruction',
  'denoisingUnsupported',
  'anomalyNeedsReconstruction',
  'anomalyNeedsUnlabelledKind',
  'anomalyNeedsLabels',
  'anomalyUnknownClasses',
  'anomalyAllNormal',
  'convNeedsImages',
  'conditioningNeedsLabels',
  'conditioningClassCount',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** Values the translated sentence names (dataset ids, metric names, sizes). */
  params: Record<string, string | number>;
}

/** The reasons an error carries, if it carries well-formed ones (anything else gives []). */
export function reasonsOf(error: unknown): Reason[] {
  const reasons = (error as { reasons?: unknown } | null)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.filter(
    (r): r is Reason =>
      typeof r === 'object' && r !== null && (REASON_CODES as readonly string[]).includes((r as Reason).code) &&
      typeof (r as Reason).params === 'object' && (r as Reason).params !== null,
  );
}

/** An Error with an English message and the reasons behind it. */
export class ReasonError extends Error {
  readonly reasons: Reason[];
  constructor(message: string, reasons: Reason[], name = 'ReasonError') {
    super(message);
    this.name = name;
    this.reasons = reasons;
  }
}
