/**
 * The Content-Security-Policy of the renderer, shared by the Electron window and browser mode so that
 * both run the same page under the same rules. Only the sources that differ (where artifacts come
 * from, which WebSocket to reach) are parameters.
 */

export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the browser-mode WebSocket `ws://127.0.0.1:PORT`. */
  connectSrc?: string[];
  /** Extra `img-src` sources, e.g. `lab-artifact:` in the desktop app. */
  imgSrc?: string[];
}

/**
 * Build the policy string.
 *
 * - scripts only from the app itself: no inline script, no eval (Vue's runtime build and ECharts need neither);
 * - inline styles allowed: the component library and ECharts set styles at run time;
 * - images from the app, data:/blob: URLs (canvas snapshots, exports) and the artifact source;
 * - no plugins, no frames, no forms posting anywhere, no `<base>` rewriting.
 */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...(options.imgSrc ?? [])]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(options.connectSrc ?? [])]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Headers sent with every page response in browser mode (and with the app's own files in Electron). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The page URL carries the access token: never let it leak through a Referer header.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
