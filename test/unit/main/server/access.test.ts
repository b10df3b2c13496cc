import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAccess, createAccessToken, serverIdentity, tokenMatches } from '../../../../src/main/server/access.js';

const identity = serverIdentity('127.0.0.1', 4000);

describe('tokens', () => {
  it('are 256-bit, URL-safe and different at every launch', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('match only exactly', () => {
    const token = createAccessToken();
    expect(tokenMatches(token, token)).toBe(true);
    fc.assert(
      fc.property(fc.string(), (given) => {
        expect(tokenMatches(token, given)).toBe(given === token);
      }),
    );
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
  });
});

describe('checkAccess', () => {
  const ws = { expectedToken: 'secret', requireOrigin: true };
  const good = { hostHeader: '127.0.0.1:4000', originHeader: 'http://127.0.0.1:4000', token: 'secret' };

  it('lets the own page in with the token', () => {
    expect(checkAccess(identity, good, ws)).toBeNull();
  });

  it('refuses a foreign or missing Origin on the WebSocket', () => {
    expect(checkAccess(identity, { ...good, originHeader: 'http://evil.example' }, ws)).toMatchObject({ status: 403 });
    expect(checkAccess(identity, { ...good, originHeader: undefined }, ws)).toMatchObject({ status: 403 });
    expect(checkAccess(identity, { ...good, originHeader: 'http://127.0.0.1:4001' }, ws)).toMatchObject({ status: 403 });
  });

  it('refuses a foreign Host (DNS rebinding) before looking at the token', () => {
    expect(checkAccess(identity, { ...good, hostHeader: 'rebind.example:4000' }, ws)).toMatchObject({ status: 403 });
  });

  it('refuses a missing or wrong token with a message saying where the right URL is', () => {
    expect(checkAccess(identity, { ...good, token: null }, ws)).toMatchObject({ status: 401, reason: expect.stringContaining('latent-lab serve') });
    expect(checkAccess(identity, { ...good, token: 'secreT' }, ws)).toMatchObject({ status: 401 });
  });

  it('needs no token for public files, but still checks the Host', () => {
    const assets = { expectedToken: null, requireOrigin: false };
    expect(checkAccess(identity, { ...good, token: null, originHeader: undefined }, assets)).toBeNull();
    expect(checkAccess(identity, { ...good, hostHeader: 'x:4000' }, assets)).toMatchObject({ status: 403 });
  });

  it('writes IPv6 hosts in brackets', () => {
    expect(serverIdentity('::1', 80)).toEqual({ host: '[::1]:80', origin: 'http://[::1]:80' });
  });
});
