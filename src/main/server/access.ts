/**
 * Who may talk to the browser-mode server: whoever holds the per-launch token (it is only ever
 * printed to the terminal that started the server) from a page of the server's own origin.
 *
 * The token stops other local users and processes; the Origin check stops any web page the user
 * visits from scripting the WebSocket (browsers do not apply CORS to WebSockets); the Host check
 * stops DNS-rebinding pages from reaching the HTTP side under a name of their own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of the expected token with an untrusted one (missing → false). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The `host:port` the server answers to and the origin its pages have. */
export interface ServerIdentity {
  /** e.g. `127.0.0.1:43817` */
  host: string;
  /** e.g. `http://127.0.0.1:43817` */
  origin: string;
}

export function serverIdentity(host: string, port: number): ServerIdentity {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { host: `${hostPart}:${port}`, origin: `http://${hostPart}:${port}` };
}

/** Why a request is refused, or null when it may proceed. */
export type AccessRefusal = { status: 401 | 403; reason: string } | null;

/** What a route demands. */
export interface AccessRules {
  /** The token the request must carry, or null for the app's own public files (scripts, styles). */
  expectedToken: string | null;
  /** The WebSocket upgrade demands an Origin header equal to the server's origin; page loads send none. */
  requireOrigin: boolean;
}

/** Check an HTTP request or WebSocket upgrade against the rules of its route. */
export function checkAccess(
  identity: ServerIdentity,
  request: { hostHeader: string | undefined; originHeader: string | undefined; token: string | null },
  rules: AccessRules,
): AccessRefusal {
  if (request.hostHeader !== identity.host) {
    return { status: 403, reason: `unexpected Host header; open ${identity.origin}` };
  }
  if (rules.requireOrigin && request.originHeader !== identity.origin) {
    return { status: 403, reason: 'cross-origin WebSocket refused' };
  }
  if (rules.expectedToken !== null && !tokenMatches(rules.expectedToken, request.token)) {
    return {
      status: 401,
      reason: 'missing or wrong access token: open the URL printed by `latent-lab serve` (it ends with ?token=…)',
    };
  }
  return null;
}
