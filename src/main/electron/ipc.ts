/**
 * LabApi over Electron IPC. Every method gets its own channel (`lab:call:runs.start`), and every
 * channel is registered through `createIpcHandler`, the one wrapper that checks the sender frame
 * before the shared dispatcher validates the payload and calls the service.
 *
 * No runtime electron import: ipcMain and the event are taken by shape, so the wrapper is tested
 * under plain Node with the same code path the app runs.
 */
import type { ApiResult, LabEventName } from '../../shared/api.js';
import { IPC_EVENT_CHANNEL, LAB_EVENTS, LAB_METHODS, ipcCallChannel, type DialogsApi, type LabMethod } from '../../shared/api-schemas.js';
import { failure, handleCall, type DispatchOptions, type LabTarget, type ServedLab } from '../server/dispatch.js';
import { isTrustedUrl, senderRefusal, type SenderFrameLike, type TrustedOrigin } from './app-origin.js';

/** What the wrapper reads from Electron's IpcMainInvokeEvent. */
export interface IpcInvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

export type IpcHandler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<ApiResult<unknown>>;

/** What registration needs of Electron's ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcHandler): void;
  removeHandler(channel: string): void;
}

/**
 * The wrapper: refuse a sender that is not the app's own top frame, then dispatch. Always resolves
 * to an ApiResult; Electron's `handle` would otherwise keep only the message of a rejection.
 */
export function createIpcHandler(
  target: LabTarget,
  method: LabMethod,
  trusted: readonly TrustedOrigin[],
  options: DispatchOptions = {},
): IpcHandler {
  return async (event, ...args) => {
    const refusal = senderRefusal(event.senderFrame, trusted);
    if (refusal) return failure('forbidden', `${method} refused: ${refusal}`);
    return handleCall(target, method, args, options);
  };
}

/**
 * Register every LabApi method on ipcMain. Returns a function removing them all (window re-creation
 * on macOS, tests).
 */
export function registerLabIpc(
  ipcMain: IpcMainLike,
  target: LabTarget,
  trusted: readonly TrustedOrigin[],
  options: DispatchOptions = {},
): () => void {
  for (const method of LAB_METHODS) {
    ipcMain.handle(ipcCallChannel(method), createIpcHandler(target, method, trusted, options));
  }
  return () => {
    for (const method of LAB_METHODS) ipcMain.removeHandler(ipcCallChannel(method));
  };
}

/** The services with the desktop-only dialogs added. */
export function withDialogs(lab: LabTarget, dialogs: DialogsApi): LabTarget {
  return {
    app: lab.app,
    experiments: lab.experiments,
    datasets: lab.datasets,
    presets: lab.presets,
    sweeps: lab.sweeps,
    runs: lab.runs,
    models: lab.models,
    quality: lab.quality,
    reports: lab.reports,
    workers: lab.workers,
    latent: lab.latent,
    dialogs,
  };
}

/** What event forwarding needs of a WebContents. */
export interface EventSinkLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, message: { event: LabEventName; payload: unknown }): void;
}

/**
 * Push every LabApi event to the window, but only while it shows the app's own page: should it ever
 * end up elsewhere, nothing leaks to that page. Returns the unsubscribe.
 */
export function forwardLabEvents(lab: Pick<ServedLab, 'on'>, sink: EventSinkLike, trusted: readonly TrustedOrigin[]): () => void {
  const unsubscribers = LAB_EVENTS.map((event) =>
    lab.on(event, (payload) => {
      if (sink.isDestroyed() || !isTrustedUrl(sink.getURL(), trusted)) return;
      sink.send(IPC_EVENT_CHANNEL, { event, payload });
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  };
}
