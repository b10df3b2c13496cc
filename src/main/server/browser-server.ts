/**
 * Browser mode: the renderer build and LabApi (over a WebSocket) served on 127.0.0.1, for the E2E
 * tests, machines without the Electron binary, and watching runs on a headless box.
 *
 * Routes:
 * - `/` (and any `.html`)    the app page; needs `?token=`; sent with the renderer's CSP
 * - `/assets/…` and others   the renderer's static files (the app's own code: no token needed)
 * - `/artifacts/<path>`      files under the data directory; needs `?token=`
 * - `/ws`                    the LabApi WebSocket; needs `?token=` and an Origin equal to the server's own
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { checkAccess, createAccessToken, serverIdentity, type ServerIdentity } from './access.js';
import { resolveConfinedPath } from './confined-path.js';
import { ARTIFACT_CSP, contentTypeOf } from './content-types.js';
import { buildContentSecurityPolicy, securityHeaders } from './csp.js';
import type { DispatchOptions, ServedLab } from './dispatch.js';
import { bridgeSocket } from './ws-bridge.js';

export interface BrowserServerOptions {
  /** The services. */
  lab: ServedLab;
  /** The built renderer holding index.html; default `findRendererDir()` (out/renderer). */
  rendererDir?: string;
  /** TCP port; default `LATENT_LAB_PORT`, else a free port chosen by the system. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. Anything else exposes the token-guarded API to the network. */
  host?: string;
  /** Directory artifacts are served from; default the lab's `dataDir`, else `lab.app.info().dataDir`. */
  dataDir?: string;
  /** Where the URL line goes; default console.log. Pass `() => {}` to stay silent. */
  print?: (line: string) => void;
  /** Passed to the dispatcher (error logging). */
  dispatch?: DispatchOptions;
}

export interface BrowserServer {
  /** The page to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  token: string;
  /** Stop accepting, close every socket, detach from the services' events. */
  close(): Promise<void>;
}

/** Largest request frame accepted on the WebSocket. */
const MAX_FRAME_BYTES = 1 << 20;

/** Parse the port from the option or `LATENT_LAB_PORT`; 0 lets the system choose. */
export function resolvePort(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw = option ?? (env.LATENT_LAB_PORT ? Number(env.LATENT_LAB_PORT) : 0);
  if (!Number.isInteger(raw) || raw < 0 || raw > 65535) {
    throw new Error(`invalid port ${JSON.stringify(option ?? env.LATENT_LAB_PORT)}: expected an integer 0-65535 (LATENT_LAB_PORT)`);
  }
  return raw;
}

/** Start the server; resolves once it listens. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  const port = resolvePort(options.port);
  const token = createAccessToken();
  const rendererDir = options.rendererDir ?? findRendererDir();
  const dataDir = options.dataDir ?? (await dataDirOf(options.lab));
  const print = options.print ?? ((line: string) => console.log(line));

  // Identity is known only after listen (port 0); requests cannot arrive before that.
  let identity: ServerIdentity = serverIdentity(host, port);
  let pageCsp = '';

  const server = createServer((req, res) => {
    void serveHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
      console.error('[latent-lab] browser mode:', error);
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', identity.origin);
    // Route on the path as sent: URL parsing folds `..` and `%2e%2e`, which should be refused, not hidden.
    const rawPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const request = { hostHeader: req.headers.host, originHeader: req.headers.origin, token: url.searchParams.get('token') };
    const access = (needsToken: boolean) =>
      checkAccess(identity, request, { expectedToken: needsToken ? token : null, requireOrigin: false });

    if (rawPath.startsWith('/artifacts/')) {
      const refusal = access(true);
      if (refusal) return sendText(res, refusal.status, refusal.reason);
      const file = await resolveConfinedPath(dataDir, rawPath.slice('/artifacts'.length));
      if (!file.ok) return sendText(res, file.status, file.reason);
      return sendFile(req, res, file.path, { 'Content-Security-Policy': ARTIFACT_CSP, 'Cache-Control': 'no-cache' });
    }

    const pathname = rawPath === '/' ? '/index.html' : rawPath;
    const file = await resolveConfinedPath(rendererDir, pathname);
    // Any HTML document is the app page, whatever URL spelling reached it (`/%69ndex.html`).
    const isPage = file.ok ? extname(file.path) === '.html' : pathname.endsWith('.html');
    const refusal = access(isPage);
    if (refusal) return sendText(res, refusal.status, refusal.reason);
    if (!file.ok) {
      const hint = pathname === '/index.html' ? ` (no renderer build in ${rendererDir}: run \`npm run build\`)` : '';
      return sendText(res, file.status, file.reason + hint);
    }
    const caching = isPage ? 'no-store' : pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return sendFile(req, res, file.path, { ...securityHeaders(pageCsp), 'Cache-Control': caching });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client resetting mid-handshake must not become an uncaught 'error' event.
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', identity.origin);
    } catch {
      return refuseUpgrade(socket, 404, 'no such endpoint');
    }
    if (url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'no such endpoint');
    const refusal = checkAccess(
      identity,
      { hostHeader: req.headers.host, originHeader: req.headers.origin, token: url.searchParams.get('token') },
      { expectedToken: token, requireOrigin: true },
    );
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate()); // e.g. a frame over maxPayload: ws closes it, nothing to add
      bridgeSocket(ws, options.lab, options.dispatch);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  identity = serverIdentity(host, (server.address() as AddressInfo).port);
  pageCsp = buildContentSecurityPolicy({ connectSrc: [`ws://${identity.host}`] });

  const url = `${identity.origin}/?token=${token}`;
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    print(`Warning: listening on ${host}, not loopback: anyone on the network who learns the token controls this app.`);
  }
  print(`Latent Lab (browser mode) is at ${url}`);

  return {
    url,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The services' data directory without `app.info()` when they expose it (info probes every backend: slow). */
async function dataDirOf(lab: ServedLab): Promise<string> {
  const own = (lab as { dataDir?: unknown }).dataDir;
  return typeof own === 'string' ? own : (await lab.app.info()).dataDir;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${text}\n`);
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string>): void {
  res.writeHead(200, {
    'Content-Type': contentTypeOf(path),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/**
 * Find the renderer build: `LATENT_LAB_RENDERER_DIR`, else the nearest `out/renderer` above this
 * module (the repository root, from source or from the bundle in out/main).
 */
export function findRendererDir(env: NodeJS.ProcessEnv = process.env, from: string = fileURLToPath(import.meta.url)): string {
  if (env.LATENT_LAB_RENDERER_DIR) return resolve(env.LATENT_LAB_RENDERER_DIR);
  const candidates: string[] = [];
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    // Only an `out/renderer` build: src/renderer/index.html is the unbuilt source page.
    candidates.push(join(dir, 'out', 'renderer'));
    dir = dirname(dir);
  }
  const found = candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (!found) {
    throw new Error(`no renderer build found (looked for index.html in ${candidates.join(', ')}): run \`npm run build\` first`);
  }
  return found;
}
