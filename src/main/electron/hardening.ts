/**
 * Session- and WebContents-level guards: every permission request denied, the CSP header on every
 * document, navigation to anything but the app blocked, new windows and <webview> refused.
 */
import type { Session, WebContents } from 'electron';
import { isAllowedNavigation, type TrustedOrigin } from './app-origin.js';

/** Deny permissions and attach the CSP to responses that carry none of their own. */
export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The lab:// responses set the policy themselves; this covers the dev server's pages.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    const hasPolicy = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
    callback({ responseHeaders: hasPolicy ? headers : { ...headers, 'Content-Security-Policy': [csp] } });
  });
}

/** Applied to every WebContents the app creates (via `app.on('web-contents-created')`). */
export function hardenWebContents(contents: WebContents, trusted: readonly TrustedOrigin[]): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, trusted)) {
      event.preventDefault();
      console.warn(`[latent-lab] blocked navigation to ${url}`);
    }
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
