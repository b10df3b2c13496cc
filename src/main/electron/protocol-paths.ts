/**
 * URL → file mapping of the two custom schemes, without electron so it is unit-tested:
 * `lab://app/<file>` serves the renderer build, `lab-artifact://data/<path>` serves the data
 * directory. Both go through the shared confined-path resolver (no `..`, no encoded `..`, no
 * absolute paths, no symlinks out).
 */
import { resolveConfinedPath, type ConfinedPathResult } from '../server/confined-path.js';
import { APP_HOST, APP_SCHEME, ARTIFACT_HOST, ARTIFACT_SCHEME } from './app-origin.js';

/**
 * Resolve a request URL of `scheme://host/…` under `rootDir`. The path is taken from the raw URL
 * text, before any normalisation, so a `..` the caller sent is refused rather than silently folded.
 */
export async function resolveSchemeUrl(
  requestUrl: string,
  scheme: string,
  host: string,
  rootDir: string,
): Promise<ConfinedPathResult> {
  const prefix = `${scheme}://${host}/`;
  if (!requestUrl.toLowerCase().startsWith(prefix)) {
    return { ok: false, status: 400, reason: `expected a URL starting with ${prefix}` };
  }
  const rest = requestUrl.slice(prefix.length);
  const end = rest.search(/[?#]/);
  const encodedPath = end === -1 ? rest : rest.slice(0, end);
  // Keep the leading slash so that `host//etc/passwd` shows up as an empty (absolute) segment.
  return resolveConfinedPath(rootDir, `/${encodedPath}`);
}

/** `lab-artifact://data/<path>` → a file under the data directory. */
export function resolveArtifactUrl(requestUrl: string, dataDir: string): Promise<ConfinedPathResult> {
  return resolveSchemeUrl(requestUrl, ARTIFACT_SCHEME, ARTIFACT_HOST, dataDir);
}

/** `lab://app/<path>` → a file of the renderer build; the bare `lab://app/` is index.html. */
export function resolveAppUrl(requestUrl: string, rendererDir: string): Promise<ConfinedPathResult> {
  const bare = `${APP_SCHEME}://${APP_HOST}`;
  const url = requestUrl === bare || requestUrl === `${bare}/` ? `${bare}/index.html` : requestUrl;
  return resolveSchemeUrl(url, APP_SCHEME, APP_HOST, rendererDir);
}

