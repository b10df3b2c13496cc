/**
 * LabApi over one WebSocket connection: request frames `{ id, method, args }` are answered with
 * `{ id, result }` (an ApiResult from the shared dispatcher); every LabApi event is pushed as
 * `{ event, payload }` for as long as the socket is open.
 */
import type { WebSocket } from 'ws';
import { LAB_EVENTS, describeIssues, wsRequestSchema, type WsServerMessage } from '../../shared/api-schemas.js';
import { handleCall, type DispatchOptions, type ServedLab } from './dispatch.js';

/** Progress events are dropped for a client whose send buffer is this full: the next one supersedes them. */
const PROGRESS_BACKLOG_BYTES = 1 << 20;

/**
 * Serve LabApi on an accepted socket. Returns a function that detaches the event subscriptions
 * (also called automatically when the socket closes).
 */
export function bridgeSocket(
  socket: WebSocket,
  lab: ServedLab,
  options: DispatchOptions = {},
): () => void {
  const send = (message: WsServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    let frame: string;
    try {
      frame = JSON.stringify(message);
    } catch (error) {
      // A value JSON cannot carry (BigInt, cycle) is a service bug; the caller still gets an answer.
      if (!('id' in message)) return;
      const text = `the result could not be sent: ${error instanceof Error ? error.message : String(error)}`;
      frame = JSON.stringify({ id: message.id, result: { ok: false, error: { code: 'failed', message: text } } });
    }
    socket.send(frame);
  };

  const unsubscribers = LAB_EVENTS.map((event) =>
    lab.on(event, (payload) => {
      if (event === 'runProgress' && socket.bufferedAmount > PROGRESS_BACKLOG_BYTES) return;
      send({ event, payload });
    }),
  );
  const detach = (): void => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  };
  socket.on('close', detach);

  socket.on('message', (data, isBinary) => {
    void answer(data.toString(), isBinary);
  });

  async function answer(text: string, isBinary: boolean): Promise<void> {
    if (isBinary) {
      send({ id: null, result: { ok: false, error: { code: 'invalid_message', message: 'binary frames are not accepted' } } });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      send({ id: null, result: { ok: false, error: { code: 'invalid_message', message: 'frame is not valid JSON' } } });
      return;
    }
    const request = wsRequestSchema.safeParse(json);
    if (!request.success) {
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
      const message = `malformed request (${describeIssues(request.error, 'frame')})`;
      send({ id, result: { ok: false, error: { code: 'invalid_message', message } } });
      return;
    }
    const { id, method, args } = request.data;
    send({ id, result: await handleCall(lab, method, args, options) });
  }

  return detach;
}
