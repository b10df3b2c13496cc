/**
 * The renderer's WebSocket client (src/renderer/src/lab-client) against the real browser-mode server:
 * the whole browser-mode transport, minus the browser. Sockets come from the `ws` package.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserServer, type BrowserServer } from '../../../../src/main/server/browser-server.js';
import { LabCallError } from '../../../../src/renderer/src/lab-client/errors.js';
import { createWsLab, type WebSocketLike, type WsLab } from '../../../../src/renderer/src/lab-client/ws-client.js';
import { createLabDouble, type LabDouble } from './lab-double.js';

let base: string;
let server: BrowserServer;
let double: LabDouble;
const clients: WsLab[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'latent-lab-roundtrip-'));
  mkdirSync(join(base, 'renderer'));
  writeFileSync(join(base, 'renderer', 'index.html'), '<!doctype html>');
  double = createLabDouble(base);
  server = await startBrowserServer({ lab: double.lab, rendererDir: join(base, 'renderer'), print: () => {} });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

/** A client as the page would build it, with `ws` sockets that send the page's Origin. */
function client(options: { url?: string; connectTimeoutMs?: number } = {}) {
  const { origin, host } = new URL(server.url);
  const sockets: WebSocket[] = [];
  const ws = createWsLab({
    url: options.url ?? `ws://${host}/ws?token=${server.token}`,
    connectTimeoutMs: options.connectTimeoutMs,
    retryDelayMs: { first: 20, max: 100 },
    createSocket: (url) => {
      const socket = new WebSocket(url, { origin });
      socket.on('error', () => {}); // surfaced through 'close', as in a browser
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
  });
  clients.push(ws);
  return { ...ws, sockets };
}

describe('WebSocket LabApi client', () => {
  it('resolves calls with the service value', async () => {
    const { lab } = client();
    await expect(lab.experiments.list()).resolves.toEqual([expect.objectContaining({ id: 1, name: 'Fonts' })]);
  });

  it('rejects with a LabCallError carrying the code and the service message', async () => {
    const { lab } = client();
    const error = await lab.runs.get(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabCallError);
    expect(error).toMatchObject({ code: 'not_found', message: 'run 5 does not exist', method: 'runs.get' });
  });

  it('drops a trailing undefined argument so an omitted optional one stays valid', async () => {
    const { lab } = client();
    await expect(lab.runs.start(1, { dataset: { id: 'font5x7' } } as never, undefined)).resolves.toBeDefined();
  });

  it('delivers pushed events to subscribers until they unsubscribe', async () => {
    const { lab, state } = client();
    await lab.experiments.list(); // connected
    expect(state().status).toBe('open');
    const seen: unknown[] = [];
    const off = lab.on('runEpoch', (payload) => seen.push(payload.epoch));
    double.emit('runEpoch', { runId: 1, epoch: 1, epochsPlanned: 3, metrics: [], elapsedMs: 5 });
    await expect.poll(() => seen).toEqual([1]);
    off();
    double.emit('runEpoch', { runId: 1, epoch: 2, epochsPlanned: 3, metrics: [], elapsedMs: 9 });
    await lab.experiments.list(); // a round trip later, the event would have arrived
    expect(seen).toEqual([1]);
  });

  it('fails in-flight calls as disconnected when the connection drops, then reconnects by itself', async () => {
    const { lab, sockets, onStateChange } = client();
    await lab.experiments.list();
    const statuses: string[] = [];
    onStateChange((s) => statuses.push(s.status));
    // datasets.download never answers in the double: the call is surely in flight when the socket dies.
    const inFlight = lab.datasets.download('mnist');
    await expect.poll(() => double.calls.some((c) => c.method === 'datasets.download')).toBe(true);
    sockets[0]!.terminate();
    await expect(inFlight).rejects.toMatchObject({ code: 'disconnected', message: expect.stringMatching(/may or may not have happened/) });
    await expect(lab.experiments.list()).resolves.toHaveLength(1);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain('reconnecting');
    expect(statuses.at(-1)).toBe('open');
  });

  it('explains an unreachable server (wrong token) instead of hanging', async () => {
    const { host } = new URL(server.url);
    const { lab, state } = client({ url: `ws://${host}/ws?token=stale`, connectTimeoutMs: 300 });
    const error = await lab.app.info().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'disconnected', message: expect.stringContaining('latent-lab serve') });
    expect(state().status).toBe('connecting');
    expect(state().problem).toMatch(/token changes at every launch/);
  });
});
