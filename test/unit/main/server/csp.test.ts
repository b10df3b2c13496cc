import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, securityHeaders } from '../../../../src/main/server/csp.js';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('buildContentSecurityPolicy', () => {
  it('allows scripts from the app only: no inline script, no eval', () => {
    const csp = directives(buildContentSecurityPolicy());
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
  });

  it('forbids plugins, frames, framing, base rewriting and form posts', () => {
    const csp = directives(buildContentSecurityPolicy());
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      expect(csp[name]).toEqual(["'none'"]);
    }
  });

  it('adds only the sources it is given (artifact scheme, WebSocket)', () => {
    const csp = directives(buildContentSecurityPolicy({ imgSrc: ['lab-artifact:'], connectSrc: ['ws://127.0.0.1:5000'] }));
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:', 'lab-artifact:']);
    expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:5000']);
  });

  it('comes with headers that keep the token-bearing URL out of Referer and the page out of frames', () => {
    const headers = securityHeaders('x');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Content-Security-Policy']).toBe('x');
  });
});
