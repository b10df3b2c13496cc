/**
 * Where the app's own page lives, and the tests that decide whether a URL is that page. Pure (no
 * runtime electron import) so the rules are unit-tested.
 *
 * The production page is served from the custom scheme `lab://app/` rather than file://: every local
 * file shares the file:// origin, while `lab://app` belongs to this app alone, which makes the
 * sender-frame check of the IPC wrapper meaningful. In `electron-vite dev` the page comes from the
 * Vite dev server instead, and that origin is trusted in its place (never both).
 */

/** Scheme of the app's own files (the renderer build). */
export const APP_SCHEME = 'lab';
export const APP_HOST = 'app';
/** The page the window loads in production. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Scheme of the artifact files under the data directory: `lab-artifact://data/<relative path>`. */
export const ARTIFACT_SCHEME = 'lab-artifact';
export const ARTIFACT_HOST = 'data';

/** An origin written as `scheme://host[:port]`, compared textually (URL.origin is "null" for custom schemes). */
export type TrustedOrigin = string;

/**
 * Origin key of a URL: `scheme://host[:port]`, lower-cased (Node's parser leaves the host of a
 * custom scheme as written; Chromium lower-cases it), or null when the URL does not parse or has no
 * host (file:, data:, about:blank).
 */
export function originKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}

/** The origins the app trusts: the dev server's when given, else the `lab://app` scheme. */
export function trustedOrigins(devServerUrl: string | undefined): TrustedOrigin[] {
  if (devServerUrl) {
    const key = originKey(devServerUrl);
    if (!key || !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(key)) {
      throw new Error(`ELECTRON_RENDERER_URL must be a local http URL, got ${JSON.stringify(devServerUrl)}`);
    }
    return [key];
  }
  return [`${APP_SCHEME}://${APP_HOST}`];
}

/** True when `url` belongs to one of the trusted origins. */
export function isTrustedUrl(url: string, trusted: readonly TrustedOrigin[]): boolean {
  const key = originKey(url);
  return key !== null && trusted.includes(key);
}

/** Minimal shape of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  /** Null for a top-level frame. */
  readonly parent: unknown;
}

/**
 * Why an IPC sender frame is refused, or null when it is the app's own top frame. A subframe is
 * refused even when same-origin: the app never embeds frames, so one sending IPC is not ours.
 */
export function senderRefusal(frame: SenderFrameLike | null, trusted: readonly TrustedOrigin[]): string | null {
  if (!frame) return 'the sender frame is gone (navigated or destroyed)';
  if (frame.parent !== null) return 'the sender is a subframe, not the top frame';
  if (!isTrustedUrl(frame.url, trusted)) return `the sender origin ${originKey(frame.url) ?? '(none)'} is not the app`;
  return null;
}

/**
 * Navigation policy of the window: only reloads/in-app moves within a trusted origin are allowed;
 * everything else (links to the web, file://, javascript:) is blocked.
 */
export function isAllowedNavigation(targetUrl: string, trusted: readonly TrustedOrigin[]): boolean {
  return isTrustedUrl(targetUrl, trusted);
}
