import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAllowedNavigation,
  isTrustedUrl,
  originKey,
  senderRefusal,
  trustedOrigins,
} from '../../../../src/main/electron/app-origin.js';

const production = trustedOrigins(undefined);

describe('trustedOrigins', () => {
  it('trusts only lab://app in production', () => {
    expect(production).toEqual(['lab://app']);
    expect(isTrustedUrl(APP_ENTRY_URL, production)).toBe(true);
  });

  it('trusts only the local dev server when electron-vite dev gives one', () => {
    expect(trustedOrigins('http://localhost:5173/')).toEqual(['http://localhost:5173']);
    expect(() => trustedOrigins('https://cdn.example/')).toThrow(/local http URL/);
  });
});

describe('isTrustedUrl / isAllowedNavigation', () => {
  it.each([
    'https://example.com/',
    'file:///etc/passwd',
    'lab-artifact://data/x.png',
    'lab://app.evil.example/index.html',
    'lab://evil/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
  ])('refuses %s in production', (url) => {
    expect(isAllowedNavigation(url, production)).toBe(false);
  });

  it('compares hosts case-insensitively, as Chromium does for standard schemes', () => {
    expect(originKey('LAB://APP/index.html')).toBe('lab://app');
  });
});

describe('senderRefusal', () => {
  it('accepts the app top frame', () => {
    expect(senderRefusal({ url: 'lab://app/index.html', parent: null }, production)).toBeNull();
  });

  it('refuses a subframe even of the app origin', () => {
    expect(senderRefusal({ url: 'lab://app/index.html', parent: {} }, production)).toMatch(/subframe/);
  });

  it('refuses a foreign origin and a vanished frame', () => {
    expect(senderRefusal({ url: 'https://evil.example/', parent: null }, production)).toMatch(/https:\/\/evil\.example is not the app/);
    expect(senderRefusal({ url: 'file:///tmp/x.html', parent: null }, production)).toMatch(/not the app/);
    expect(senderRefusal(null, production)).toMatch(/gone/);
  });
});
