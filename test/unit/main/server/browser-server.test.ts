/**
 * The browser-mode server for real: listening on 127.0.0.1, reached with node:http and a real `ws`
 * client, serving a throw-away renderer build and data directory.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { findRendererDir, resolvePort, startBrowserServer, type BrowserServer } from '../../../../src/main/server/browser-server.js';
import { createLabDouble, type LabDouble } from './lab-double.js';
import { LAB_EVENTS } from '../../../../src/shared/api-schemas.js';

let base: string;
let server: BrowserServer;
let double: LabDouble;
let origin: string;
let host: string;
const printed: string[] = [];

beforeAll(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'latent-lab-server-')));
  const rendererDir = join(base, 'renderer');
  const dataDir = join(base, 'data');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(join(dataDir, 'runs', '1'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Latent Lab</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dataDir, 'runs', '1', 'grid.png'), 'PNG');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(dataDir, 'link-out.txt'));
  double = createLabDouble(dataDir);
  server = await startBrowserServer({ lab: double.lab, rendererDir, port: 0, print: (line) => printed.push(line) });
  origin = new URL(server.url).origin;
  host = new URL(server.url).host;
});

afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

/** Open a socket; resolves with it once open, or with the HTTP status the server refused it with. */
function openSocket(query: string, wsOrigin: string | undefined): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${host}/ws${query}`, wsOrigin === undefined ? {} : { origin: wsOrigin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', (error) => reject(error));
  });
}

async function connect(): Promise<WebSocket> {
  const socket = await openSocket(`?token=${server.token}`, origin);
  if (typeof socket === 'number') throw new Error(`refused with ${socket}`);
  return socket;
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('startup', () => {
  it('listens on 127.0.0.1 on a free port and prints the URL with its token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(printed.join('\n')).toContain(server.url);
  });
});

describe('HTTP', () => {
  it('serves the page only with the token, with the CSP and no-referrer headers', async () => {
    expect((await request('/')).status).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
    expect((await request(`/?token=${server.token.slice(0, -1)}x`)).status).toBe(401);
    const page = await request(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Latent Lab</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://${host}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('treats any spelling of the page as the page (no token bypass via %69ndex.html)', async () => {
    expect((await request('/%69ndex.html')).status).toBe(401);
    expect((await request('/index.html')).status).toBe(401);
  });

  it("serves the app's own scripts without a token", async () => {
    const script = await request('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('serves artifacts only with the token, sandboxed, and never outside the data directory', async () => {
    expect((await request('/artifacts/runs/1/grid.png')).status).toBe(401);
    const artifact = await request(`/artifacts/runs/1/grid.png?token=${server.token}`);
    expect(artifact.status).toBe(200);
    expect(artifact.body).toBe('PNG');
    expect(artifact.headers['content-security-policy']).toContain('sandbox');
    expect((await request(`/artifacts/%2e%2e/secret.txt?token=${server.token}`)).status).toBe(400);
    expect((await request(`/artifacts/link-out.txt?token=${server.token}`)).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await request(`/?token=${server.token}`, { Host: `evil.example:${new URL(server.url).port}` })).status).toBe(403);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = (get as unknown as typeof import('node:http').request)(
        { host: '127.0.0.1', port, path: '/', method: 'POST' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });
});

describe('WebSocket access', () => {
  it('refuses a missing token', async () => {
    expect(await openSocket('', origin)).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect(await openSocket('?token=not-the-token', origin)).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await openSocket(`?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await openSocket(`?token=${server.token}`, origin.replace('127.0.0.1', 'localhost'))).toBe(403);
  });

  it('refuses an upgrade without an Origin header', async () => {
    expect(await openSocket(`?token=${server.token}`, undefined)).toBe(403);
  });

  it('accepts the right token from its own origin', async () => {
    const socket = await connect();
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });
});

describe('WebSocket LabApi', () => {
  it('answers a request with its id and the dispatcher result', async () => {
    const socket = await connect();
    const reply = nextMessage(socket);
    socket.send(JSON.stringify({ id: 7, method: 'experiments.rename', args: [1, 'Glyphs'] }));
    expect(await reply).toEqual({ id: 7, result: { ok: true, value: expect.objectContaining({ name: 'Glyphs' }) } });
    socket.close();
  });

  it('answers malformed payloads and frames with an error, never by closing', async () => {
    const socket = await connect();
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ id: 1, method: 'runs.get', args: ['one'] }));
    socket.send('{not json');
    socket.send(JSON.stringify({ id: 2, method: 'runs.get' }));
    socket.send(JSON.stringify({ id: 3, method: 'process.exit', args: [] }));
    await expect.poll(() => replies.length).toBe(4);
    // Answers may come in any order: each request is dispatched on its own.
    expect(replies).toEqual(expect.arrayContaining([
      { id: 1, result: { ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/^runs\.get: args\.0/) } } },
      { id: null, result: { ok: false, error: { code: 'invalid_message', message: 'frame is not valid JSON' } } },
      { id: 2, result: { ok: false, error: { code: 'invalid_message', message: expect.stringContaining('frame.args') } } },
      { id: 3, result: { ok: false, error: { code: 'unknown_method', message: expect.any(String) } } },
    ]));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('pushes events while connected and unsubscribes when the socket closes', async () => {
    const before = double.listenerCount();
    const socket = await connect();
    await expect.poll(() => double.listenerCount()).toBe(before + LAB_EVENTS.length);
    const pushed = nextMessage(socket);
    double.emit('runStatus', { runId: 4, status: 'running', error: null });
    expect(await pushed).toEqual({ event: 'runStatus', payload: { runId: 4, status: 'running', error: null } });
    socket.close();
    await expect.poll(() => double.listenerCount()).toBe(before);
  });
});

describe('options', () => {
  it('takes the port from the option, else LATENT_LAB_PORT, else 0 (a free port)', () => {
    expect(resolvePort(8080, { LATENT_LAB_PORT: '9000' })).toBe(8080);
    expect(resolvePort(undefined, { LATENT_LAB_PORT: '9000' })).toBe(9000);
    expect(resolvePort(undefined, {})).toBe(0);
    expect(() => resolvePort(undefined, { LATENT_LAB_PORT: 'http' })).toThrow(/LATENT_LAB_PORT/);
    expect(() => resolvePort(70000, {})).toThrow(/0-65535/);
  });

  it('finds the renderer build in out/renderer above the module, or says to build it', () => {
    const root = join(base, 'repo');
    mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
    mkdirSync(join(root, 'src', 'main', 'server'), { recursive: true });
    const from = join(root, 'src', 'main', 'server', 'browser-server.ts');
    expect(() => findRendererDir({}, from)).toThrow(/npm run build/);
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), '');
    expect(findRendererDir({}, from)).toBe(join(root, 'out', 'renderer'));
    expect(findRendererDir({ LATENT_LAB_RENDERER_DIR: '/opt/ui' }, from)).toBe('/opt/ui');
  });
});
