/**
 * The two custom schemes: `lab://app/` serves the renderer build (the app's own origin) and
 * `lab-artifact://data/` serves images and other artifacts from the data directory. No file:// URL
 * is ever loaded. Path checks live in ./protocol-paths.ts (unit-tested).
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { ARTIFACT_CSP, contentTypeOf } from '../server/content-types.js';
import { securityHeaders } from '../server/csp.js';
import type { ConfinedPathResult } from '../server/confined-path.js';
import { APP_SCHEME, ARTIFACT_SCHEME } from './app-origin.js';
import { resolveAppUrl, resolveArtifactUrl } from './protocol-paths.js';

/** Must run before the app is ready: makes both schemes standard, secure origins able to use fetch. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    { scheme: ARTIFACT_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serve both schemes (call once the app is ready). */
export function handleAppProtocols(options: { rendererDir: string; dataDir: string; csp: string }): void {
  protocol.handle(APP_SCHEME, (request) =>
    respond(request, resolveAppUrl(request.url, options.rendererDir), securityHeaders(options.csp)),
  );
  protocol.handle(ARTIFACT_SCHEME, (request) =>
    respond(request, resolveArtifactUrl(request.url, options.dataDir), {
      'Content-Security-Policy': ARTIFACT_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    }),
  );
}

async function respond(request: Request, resolving: Promise<ConfinedPathResult>, headers: Record<string, string>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405 });
  }
  const file = await resolving;
  if (!file.ok) return new Response(file.reason, { status: file.status, headers: { 'Content-Type': 'text/plain' } });
  const body = request.method === 'HEAD' ? null : await readFile(file.path);
  return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeOf(file.path), ...headers } });
}
