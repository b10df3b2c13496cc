/**
 * LabApi over the browser-mode WebSocket. Requests are `{ id, method, args }` frames answered by
 * `{ id, result }`; pushed events arrive as `{ event, payload }`. The connection re-opens by itself
 * with growing delays; calls made meanwhile wait for it (up to `connectTimeoutMs`), and calls that
 * were in flight when it dropped fail with code `disconnected`, since their outcome is unknown.
 */
import {
  buildContractObject,
  createEventHub,
  type LabContract,
  type LabMethod,
  type WsServerMessage,
} from '../../../shared/api-schemas.js';
import { LabCallError } from './errors.js';

/** The part of the WebSocket API used here (the DOM WebSocket, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the connection is not open, in words for the user; null while open. */
  problem: string | null;
}

export interface WsLabOptions {
  /** `ws://127.0.0.1:PORT/ws?token=…` */
  url: string;
  /** Opens a socket; default the browser's WebSocket. */
  createSocket?: (url: string) => WebSocketLike;
  /** How long a call waits for a connection before failing. Default 15 s. */
  connectTimeoutMs?: number;
  /** First and largest delay between reconnection attempts. Default 250 ms and 5 s. */
  retryDelayMs?: { first: number; max: number };
}

export interface WsLab {
  lab: LabContract;
  state(): ConnectionState;
  /** Called on every status change; returns the unsubscribe. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Close for good: no reconnection, pending calls fail. */
  close(): void;
}

interface Pending {
  method: LabMethod;
  frame: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: LabCallError): void;
  timer: ReturnType<typeof setTimeout> | null;
}

const OPEN = 1;

/** The page's own WebSocket (looked up on globalThis so this module also type-checks without DOM types). */
function browserSocket(url: string): WebSocketLike {
  const { WebSocket } = globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike };
  return new WebSocket(url);
}

/** Create the client and start connecting. */
export function createWsLab(options: WsLabOptions): WsLab {
  const createSocket = options.createSocket ?? browserSocket;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const retry = options.retryDelayMs ?? { first: 250, max: 5_000 };
  const where = options.url.replace(/\?.*$/, '');

  const events = createEventHub();
  const pending = new Map<number, Pending>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting', problem: null };
  let socket: WebSocketLike | null = null;
  let everOpened = false;
  let failures = 0;
  let closedForGood = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of stateListeners) listener(state);
  };

  const unreachable = () =>
    everOpened
      ? `lost the connection to the Latent Lab server (${where}); reconnecting…`
      : `cannot reach the Latent Lab server at ${where}: is \`latent-lab serve\` still running? ` +
        'Its token changes at every launch, so after a restart open the new URL it printed.';

  function connect(): void {
    const current = createSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      if (socket !== current) return;
      everOpened = true;
      failures = 0;
      setState({ status: 'open', problem: null });
      for (const call of pending.values()) {
        if (!call.sent) transmit(call);
      }
    });
    current.addEventListener('message', (event) => {
      if (socket === current) receive(event.data);
    });
    // 'error' is always followed by 'close'; the reason is handled there.
    current.addEventListener('error', () => {});
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      // Calls already sent may or may not have run: say so instead of retrying them blindly.
      for (const [id, call] of pending) {
        if (call.sent) settle(id)?.reject(new LabCallError(call.method, 'disconnected',
          `${call.method}: the connection closed before the server answered; the action may or may not have happened`));
      }
      if (closedForGood) return;
      failures += 1;
      setState({ status: everOpened ? 'reconnecting' : 'connecting', problem: unreachable() });
      const delay = Math.min(retry.max, retry.first * 2 ** Math.min(failures - 1, 10));
      retryTimer = setTimeout(connect, delay);
    });
  }

  function transmit(call: Pending): void {
    socket!.send(call.frame);
    call.sent = true;
    if (call.timer) clearTimeout(call.timer);
    call.timer = null;
  }

  function settle(id: number): Pending | undefined {
    const call = pending.get(id);
    if (!call) return undefined;
    pending.delete(id);
    if (call.timer) clearTimeout(call.timer);
    return call;
  }

  function receive(data: unknown): void {
    let message: WsServerMessage;
    try {
      message = JSON.parse(String(data)) as WsServerMessage;
    } catch {
      console.error('[latent-lab] the server sent a frame that is not JSON');
      return;
    }
    if ('event' in message) {
      events.emit(message.event, message.payload);
      return;
    }
    if (message.id === null) {
      console.error(`[latent-lab] the server refused a frame: ${message.result.ok ? '' : message.result.error.message}`);
      return;
    }
    const call = settle(message.id);
    if (!call) return;
    if (message.result.ok) call.resolve(message.result.value);
    else call.reject(new LabCallError(call.method, message.result.error.code, message.result.error.message, message.result.error.reasons));
  }

  function call(method: LabMethod, args: unknown[]): Promise<unknown> {
    // JSON turns a trailing `undefined` into null, which an optional argument would refuse.
    const trimmed = [...args];
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
    return new Promise((resolve, reject) => {
      if (closedForGood) {
        reject(new LabCallError(method, 'disconnected', `${method}: the connection to the server was closed`));
        return;
      }
      const id = nextId++;
      const entry: Pending = { method, frame: JSON.stringify({ id, method, args: trimmed }), sent: false, resolve, reject, timer: null };
      pending.set(id, entry);
      if (socket && socket.readyState === OPEN) {
        transmit(entry);
      } else {
        entry.timer = setTimeout(() => {
          settle(id)?.reject(new LabCallError(method, 'disconnected', `${method}: ${unreachable()}`));
        }, connectTimeoutMs);
      }
    });
  }

  connect();

  return {
    lab: buildContractObject(call, events.on),
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closedForGood = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close(1000, 'client closed');
      for (const [id, entry] of pending) {
        settle(id)?.reject(new LabCallError(entry.method, 'disconnected', `${entry.method}: the connection to the server was closed`));
      }
      setState({ status: 'closed', problem: 'the connection to the server was closed' });
    },
  };
}
