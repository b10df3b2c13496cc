/**
 * Real processes for the queue tests: a redis-server on 127.0.0.1 at a free port with its own temp
 * directory (killed after), `latent-lab worker` processes and CLI owners, and a read-only look at
 * the owner's SQLite store.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const BIN = path.resolve('bin/latent-lab.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** The CA of a TLS server (for NODE_EXTRA_CA_CERTS), else null. */
  caFile: string | null;
  start(): Promise<void>;
  /** SIGKILL: what survives is what the append-only file already holds. */
  kill(): Promise<void>;
}

/** A throw-away CA and a certificate for 127.0.0.1 it signed (openssl), for a TLS Redis. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=latent-lab test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf'));
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

/**
 * `appendonly`: persistence on (fsync every write), as a restarted Redis must lose nothing.
 * `tls`: TLS only (rediss://), with a certificate of a throw-away CA (`caFile`: give it to clients
 * through NODE_EXTRA_CA_CERTS).
 */
export async function startRedis(options: { appendonly?: boolean; password?: string; tls?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-redis-'));
  let child: ChildProcess | null = null;
  const auth = options.password ? `:${options.password}@` : '';
  const certificates = options.tls ? makeCertificates(dir) : null;
  const server: RedisServer = {
    port,
    dir,
    caFile: certificates?.ca ?? null,
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    async start() {
      const args = ['--bind', '127.0.0.1', '--dir', dir, '--save', ''];
      if (certificates) {
        args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', certificates.cert, '--tls-key-file', certificates.key);
        args.push('--tls-ca-cert-file', certificates.ca, '--tls-auth-clients', 'no');
      } else args.push('--port', String(port));
      args.push('--appendonly', options.appendonly ? 'yes' : 'no');
      if (options.appendonly) args.push('--appendfsync', 'always');
      if (options.password) args.push('--requirepass', options.password);
      const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
        proc.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      });
    },
    async kill() {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      await new Promise((resolve) => {
        proc.once('exit', resolve);
        proc.kill('SIGKILL');
      });
    },
  };
  await server.start();
  return server;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function latentLab(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

export function startWorker(url: string, name: string, home: string, env: Record<string, string> = {}): Proc {
  return latentLab(['worker', '--queue', url, '--name', name, '--home', home, '--backend', 'wasm'], env);
}

/** Read the owner's store without writing it. */
export function readStore<T>(home: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(home, 'lab.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Polls `condition`; one that throws counts as not yet (the owner may still be creating its store:
 * the file exists before its tables); the last error is in the timeout's message.
 */
export async function until(condition: () => boolean, timeoutMs = 90_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  const holds = (): boolean => {
    try {
      return condition();
    } catch (error) {
      lastError = error;
      return false;
    }
  };
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A small sweep of spiral3d members: `members` learning rates × 1 architecture, `epochs` each. */
export function spiralSpec(dir: string, members: number, epochs: number): string {
  const file = path.join(dir, `spec-${members}x${epochs}.json`);
  const rates = [0.001, 0.003, 0.01, 0.02, 0.03, 0.005, 0.008, 0.015, 0.025].slice(0, members);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'spiral',
      base: {
        dataset: { id: 'spiral3d', valFraction: 0.2 },
        model: { kind: 'dense', encoder: [16, 2], activation: 'tanh', outputActivation: 'linear' },
        training: { epochs, batchSize: 16, loss: 'mse', optimizer: { name: 'adam', learningRate: 0.01 }, checkpointEvery: 2 },
      },
      grid: [{ path: 'training.optimizer.learningRate', values: rates }],
    }),
  );
  return file;
}

/** Per member: status, epochs done, metric epochs stored, history events, worker. */
export function memberRows(home: string): { id: number; status: string; epochs: number; metricEpochs: number[]; history: string[]; worker: string | null }[] {
  return readStore(home, (db) =>
    (db.prepare('SELECT id, status, epochs_done AS epochs FROM runs ORDER BY id').all() as { id: number; status: string; epochs: number }[]).map((r) => ({
      ...r,
      metricEpochs: (db.prepare(`SELECT epoch FROM metrics WHERE run_id = ? AND split = 'train' AND name = 'loss' ORDER BY epoch`).all(r.id) as { epoch: number }[]).map((m) => m.epoch),
      history: (db.prepare('SELECT event FROM run_history WHERE run_id = ? ORDER BY id').all(r.id) as { event: string }[]).map((h) => h.event),
      worker: ((db.prepare('SELECT worker_json FROM remote_members WHERE run_id = ?').get(r.id) as { worker_json: string | null } | undefined)?.worker_json ?? null),
    })),
  );
}

/**
 * With QUEUE_TEST_REPORT_DIR set, write what a test saw (each process's output, the members' rows
 * and history) to DIR/<name>.txt: the evidence of a fault test, readable after a CI run.
 */
export function writeReport(name: string, procs: Record<string, Proc>, ownerHome: string): void {
  const dir = process.env.QUEUE_TEST_REPORT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const history = readStore(ownerHome, (db) =>
    db.prepare('SELECT run_id, at, event, detail FROM run_history ORDER BY id').all() as { run_id: number; at: string; event: string; detail: string }[],
  );
  const text = [
    `== members (owner store)`,
    ...memberRows(ownerHome).map((r) => `run ${r.id}: ${r.status}, epochs ${r.epochs}, metric epochs [${r.metricEpochs.join(',')}], worker ${r.worker ?? '-'}`),
    `== run history`,
    ...history.map((h) => `run ${h.run_id}  ${h.at}  ${h.event}: ${h.detail}`),
    ...Object.entries(procs).flatMap(([label, p]) => [`== ${label}`, p.output().trimEnd()]),
  ].join('\n');
  fs.writeFileSync(path.join(dir, `${name}.txt`), `${text}\n`);
}
