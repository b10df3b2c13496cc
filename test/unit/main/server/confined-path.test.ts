import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfinedPath, splitUrlPath } from '../../../../src/main/server/confined-path.js';

let base: string;
let root: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'latent-lab-confined-')));
  root = join(base, 'data');
  mkdirSync(join(root, 'runs', '3'), { recursive: true });
  writeFileSync(join(root, 'runs', '3', 'recon grid.png'), 'png');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(base, join(root, 'escape-dir'));
  symlinkSync(join(root, 'runs', '3', 'recon grid.png'), join(root, 'inside-link.png'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveConfinedPath', () => {
  it('resolves a file inside the root, decoding percent-escapes', async () => {
    expect(await resolveConfinedPath(root, '/runs/3/recon%20grid.png')).toEqual({
      ok: true,
      path: join(root, 'runs', '3', 'recon grid.png'),
    });
  });

  it('follows a symlink that stays inside the root', async () => {
    const result = await resolveConfinedPath(root, '/inside-link.png');
    expect(result).toEqual({ ok: true, path: join(root, 'runs', '3', 'recon grid.png') });
  });

  it.each([
    ['/../secret.txt', 'plain ..'],
    ['/runs/../../secret.txt', '.. in the middle'],
    ['/%2e%2e/secret.txt', 'encoded ..'],
    ['/%2E%2E/secret.txt', 'upper-case encoded ..'],
    ['/.%2e/secret.txt', 'half-encoded ..'],
    ['/runs/%2e%2e%2f%2e%2e%2fsecret.txt', 'encoded slashes'],
    ['/..%5csecret.txt', 'encoded backslash'],
    ['/..\\secret.txt', 'raw backslash'],
    ['//etc/passwd', 'absolute path after the leading slash'],
    ['/%2Fetc%2Fpasswd', 'encoded absolute path'],
    ['/C:%5Cwindows%5Cwin.ini', 'drive letter'],
    ['/runs/3/recon%00grid.png', 'NUL byte'],
    ['/runs/./3/recon%20grid.png', 'dot segment'],
    ['/%E0%A4%A', 'broken percent-encoding'],
    ['/', 'empty path'],
  ])('refuses %s (%s) as a bad request', async (path) => {
    expect(await resolveConfinedPath(root, path)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a symlink to a file outside the root', async () => {
    expect(await resolveConfinedPath(root, '/escape.txt')).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a path through a symlinked directory that leads outside', async () => {
    expect(await resolveConfinedPath(root, '/escape-dir/secret.txt')).toMatchObject({ ok: false, status: 403 });
  });

  it('answers 404 for a missing file and for a directory', async () => {
    expect(await resolveConfinedPath(root, '/runs/9/x.png')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveConfinedPath(root, '/runs/3')).toMatchObject({ ok: false, status: 404 });
  });

  it('does not treat a sibling directory sharing the prefix as inside (data vs data-other)', async () => {
    mkdirSync(join(base, 'data-other'), { recursive: true });
    writeFileSync(join(base, 'data-other', 'f.txt'), 'x');
    symlinkSync(join(base, 'data-other', 'f.txt'), join(root, 'prefix-trick.txt'));
    expect(await resolveConfinedPath(root, '/prefix-trick.txt')).toMatchObject({ ok: false, status: 403 });
  });

  it('never resolves anything outside the root, whatever the path', async () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', 'runs', '3', 'recon%20grid.png', 'escape.txt', 'escape-dir', 'secret.txt', '', '%2f', '%5c', '%00'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 6 }), async (segments) => {
        const result = await resolveConfinedPath(root, `/${segments.join('/')}`);
        if (result.ok) expect(result.path.startsWith(root + sep)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitUrlPath', () => {
  it('decodes each segment once (a double-encoded %252e%252e stays a literal name)', () => {
    expect(splitUrlPath('/a/%252e%252e/b')).toEqual({ ok: true, segments: ['a', '%2e%2e', 'b'] });
  });
});
