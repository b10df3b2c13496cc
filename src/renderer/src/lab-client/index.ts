/**
 * The renderer's LabApi client: `window.lab` when the Electron preload provides it, otherwise the
 * browser-mode WebSocket client, authenticated by the `?token=` of the page URL. Either way calls
 * reject with a LabCallError carrying the code and the service's message.
 */
import type { LabContract } from '../../../shared/api-schemas.js';
import { buildContractObject, createEventHub, splitMethod } from '../../../shared/api-schemas.js';
import { LabCallError } from './errors.js';
import { createWsLab, type ConnectionState } from './ws-client.js';

export { LabCallError } from './errors.js';
export type { ConnectionState, ConnectionStatus } from './ws-client.js';

interface Client {
  lab: LabContract;
  mode: 'electron' | 'browser';
  token: string | null;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

let client: Client | null = null;

/** The access token of browser mode: `?token=` of the page URL. */
export function tokenFromLocation(location: Pick<Location, 'search'>): string | null {
  return new URLSearchParams(location.search).get('token');
}

/** Re-throw the preload's errors as LabCallError (contextBridge carries the code inside the message). */
function wrapBridge(bridge: LabContract): LabContract {
  return buildContractObject(async (method, args) => {
    const [domain, name] = splitMethod(method);
    const fn = (bridge[domain] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
    try {
      return await fn(...args);
    } catch (error) {
      throw LabCallError.fromBridge(method, error);
    }
  }, bridge.on);
}

/** A stand-in whose every call explains that the page was opened without its token. */
function tokenlessLab(): LabContract {
  const message = 'this page was opened without its access token: open the URL printed by `latent-lab serve` (it ends with ?token=…)';
  return buildContractObject((method) => Promise.reject(new LabCallError(method, 'forbidden', message)), createEventHub().on);
}

function createClient(): Client {
  if (window.lab) {
    const open: ConnectionState = { status: 'open', problem: null };
    return { lab: wrapBridge(window.lab), mode: 'electron', token: null, state: () => open, onStateChange: () => () => {} };
  }
  const token = tokenFromLocation(window.location);
  if (!token) {
    const state: ConnectionState = { status: 'closed', problem: 'missing access token in the page URL' };
    return { lab: tokenlessLab(), mode: 'browser', token: null, state: () => state, onStateChange: () => () => {} };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = createWsLab({ url: `${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}` });
  return { lab: ws.lab, mode: 'browser', token, state: ws.state, onStateChange: ws.onStateChange };
}

function current(): Client {
  client ??= createClient();
  return client;
}

/** The LabApi of this window (created on first use, then shared). */
export function getLab(): LabContract {
  return current().lab;
}

/** `electron` when the preload is present, else `browser`. */
export function labMode(): 'electron' | 'browser' {
  return current().mode;
}

/** The connection's state now (always `open` in Electron). */
export function connectionState(): ConnectionState {
  return current().state();
}

/** Follow the connection (for a "reconnecting…" banner); returns the unsubscribe. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return current().onStateChange(listener);
}

/**
 * URL of an artifact file (Artifact.path, relative to the data directory) for `<img src>` or fetch:
 * the `lab-artifact://` scheme in Electron, the token-guarded `/artifacts/` route in browser mode.
 */
export function artifactUrl(relativePath: string): string {
  const encoded = relativePath.split('/').map(encodeURIComponent).join('/');
  const { mode, token } = current();
  if (mode === 'electron') return `lab-artifact://data/${encoded}`;
  return `/artifacts/${encoded}?token=${encodeURIComponent(token ?? '')}`;
}
