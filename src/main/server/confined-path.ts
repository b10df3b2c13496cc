/**
 * Map an untrusted URL path onto a file inside one directory, refusing everything that could reach
 * outside it: `..` (plain or percent-encoded), absolute paths, backslashes, drive letters, NUL bytes,
 * and symlinks whose target lies outside. Used by the Electron `lab-artifact://` protocol, and by the
 * browser-mode server for the renderer files and the artifacts.
 *
 * Refusing beats normalising: a request that needs `..` to be read correctly is not one the app makes.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

export type ConfinedPathResult =
  | { ok: true; path: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Decoded segment characters that never belong in a relative file name on any platform we ship to. */
const FORBIDDEN_IN_SEGMENT = /[/\\\0:]/;

/**
 * Split a percent-encoded URL path (`/runs/3/recon%20grid.png`) into decoded segments, or say why
 * it is refused. Pure: touches no file.
 */
export function splitUrlPath(encodedPath: string): { ok: true; segments: string[] } | { ok: false; reason: string } {
  const trimmed = encodedPath.startsWith('/') ? encodedPath.slice(1) : encodedPath;
  if (trimmed === '') return { ok: false, reason: 'empty path' };
  if (trimmed.includes('\\')) return { ok: false, reason: 'backslash in path' };
  const segments: string[] = [];
  for (const raw of trimmed.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (segment === '') return { ok: false, reason: 'empty path segment (absolute path or "//")' };
    if (segment === '.' || segment === '..') return { ok: false, reason: 'relative segment "." or ".."' };
    if (FORBIDDEN_IN_SEGMENT.test(segment)) return { ok: false, reason: 'forbidden character in path segment' };
    segments.push(segment);
  }
  return { ok: true, segments };
}

/**
 * Resolve `encodedPath` under `rootDir` to the real path of an existing regular file.
 *
 * @returns the file's real path, or a refusal with the HTTP status to answer (400 malformed,
 *          403 escapes the root, 404 missing or not a file)
 */
export async function resolveConfinedPath(rootDir: string, encodedPath: string): Promise<ConfinedPathResult> {
  const split = splitUrlPath(encodedPath);
  if (!split.ok) return { ok: false, status: 400, reason: split.reason };

  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = await realpath(rootDir);
  } catch {
    return { ok: false, status: 404, reason: 'root directory does not exist' };
  }
  try {
    realTarget = await realpath(join(realRoot, ...split.segments));
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  // Checked on real paths, so a symlink inside the root that points outside it is refused too.
  if (!realTarget.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    return { ok: false, status: 403, reason: 'path resolves outside the directory' };
  }
  try {
    if (!(await stat(realTarget)).isFile()) return { ok: false, status: 404, reason: 'not a file' };
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  return { ok: true, path: realTarget };
}
