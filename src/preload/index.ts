/**
 * Preload (sandboxed, built as CommonJS: out/preload/index.cjs). Exposes exactly the LabApi contract
 * as `window.lab`: one named function per method and `on(event, listener)` returning an unsubscribe.
 * The page never touches ipcRenderer, channels or IPC event objects.
 *
 * contextBridge keeps only the message of a thrown Error, so a failure's code travels inside it as
 * `[code] message`; the renderer's lab-client turns it back into a LabCallError.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResult } from '../shared/api.js';
import {
  IPC_EVENT_CHANNEL,
  buildContractObject,
  createEventHub,
  encodeBridgeError,
  ipcCallChannel,
  type LabMethod,
} from '../shared/api-schemas.js';

function callMain(method: LabMethod, args: unknown[]): Promise<unknown> {
  return (ipcRenderer.invoke(ipcCallChannel(method), ...args) as Promise<ApiResult<unknown>>).then((result) => {
    if (result.ok) return result.value;
    throw new Error(encodeBridgeError(result.error));
  });
}

// One IPC listener for all events; the hub fans them out to the page's subscriptions.
const events = createEventHub();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { event: string; payload: unknown }) => {
  events.emit(message.event, message.payload);
});

contextBridge.exposeInMainWorld('lab', buildContractObject(callMain, events.on));
