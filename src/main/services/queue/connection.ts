/**
 * Redis connections from a queue URL: `redis://host:port`, `redis://:password@host:port`,
 * `redis://user:password@host:port/db`, `rediss://…` (TLS). Credentials stay inside the connection
 * options: every message, log line and record uses `describeQueue`, which drops them.
 */
import net from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';

export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

interface ParsedQueueUrl {
  options: RedisOptions;
  /** The address without credentials. */
  address: string;
}

export function parseQueueUrl(url: string): ParsedQueueUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError('the queue must be a URL such as redis://host:6379 (or rediss:// for TLS)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueError(`the queue must be a redis:// or rediss:// URL, got ${parsed.protocol}//…`);
  }
  const port = parsed.port ? Number(parsed.port) : 6379;
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new QueueError('the queue URL path must be a database number, e.g. redis://host:6379/0');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const options: RedisOptions = {
    host,
    port,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    // TLS checks the server's certificate against the system CAs (plus NODE_EXTRA_CA_CERTS); SNI only for names.
    tls: parsed.protocol === 'rediss:' ? (net.isIP(host) ? {} : { servername: host }) : undefined,
    // BullMQ's blocking connections need this; ours wait for a reconnect instead of failing too.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  };
  return { options, address: `${parsed.protocol}//${parsed.host}${db ? `/${db}` : ''}` };
}

/** The queue's address for messages and records: never its credentials. */
export function describeQueue(url: string): string {
  try {
    return parseQueueUrl(url).address;
  } catch {
    return 'an invalid queue URL';
  }
}

export function connect(url: string, name: string): Redis {
  const { options } = parseQueueUrl(url);
  const redis = new Redis({ ...options, connectionName: name, lazyConnect: false });
  // ioredis reconnects by itself; without a listener an error event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves when Redis answers PING; else a QueueError that says where and what to check. */
export async function checkReachable(url: string, timeoutMs = 5000): Promise<void> {
  const { options, address } = parseQueueUrl(url);
  const probe = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  let lastError: Error | null = null;
  probe.on('error', (error: Error) => (lastError = error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const reason = (lastError ?? (error as Error)).message.replace(/\/\/[^@\s]*@/g, '//');
    const hint = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(reason)
      ? 'check the password in the URL (redis://:PASSWORD@host:port)'
      : 'is redis-server running there, and reachable from this machine?';
    throw new QueueError(`cannot reach the queue at ${address} (${reason}): ${hint}`);
  } finally {
    probe.disconnect();
  }
}
