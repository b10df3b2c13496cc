import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppUrl, resolveArtifactUrl } from '../../../../src/main/electron/protocol-paths.js';

let base: string;
let dataDir: string;
let rendererDir: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'latent-lab-protocol-')));
  dataDir = join(base, 'data');
  rendererDir = join(base, 'renderer');
  mkdirSync(join(dataDir, 'runs', '2'), { recursive: true });
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(dataDir, 'runs', '2', 'recon.png'), 'png');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  writeFileSync(join(base, 'lab.db'), 'sqlite');
  symlinkSync(join(base, 'lab.db'), join(dataDir, 'db-link'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('lab-artifact:// resolution', () => {
  it('serves a file under the data directory', async () => {
    expect(await resolveArtifactUrl('lab-artifact://data/runs/2/recon.png', dataDir)).toEqual({
      ok: true,
      path: join(dataDir, 'runs', '2', 'recon.png'),
    });
  });

  it('ignores the query and fragment', async () => {
    expect(await resolveArtifactUrl('lab-artifact://data/runs/2/recon.png?epoch=3#x', dataDir)).toMatchObject({ ok: true });
  });

  it.each([
    ['lab-artifact://data/../lab.db', 400],
    ['lab-artifact://data/%2e%2e/lab.db', 400],
    ['lab-artifact://data/runs/%2E%2E/%2e%2e/lab.db', 400],
    ['lab-artifact://data/..%2flab.db', 400],
    ['lab-artifact://data//etc/passwd', 400],
    ['lab-artifact://data/%2fetc%2fpasswd', 400],
    ['lab-artifact://data/db-link', 403],
    ['lab-artifact://other/runs/2/recon.png', 400],
    ['lab-artifact:/data/runs/2/recon.png', 400],
    ['lab://app/index.html', 400],
  ])('refuses %s (%i)', async (url, status) => {
    expect(await resolveArtifactUrl(url, dataDir)).toMatchObject({ ok: false, status });
  });
});

describe('lab://app resolution', () => {
  it('maps the bare origin to index.html', async () => {
    expect(await resolveAppUrl('lab://app/', rendererDir)).toEqual({ ok: true, path: join(rendererDir, 'index.html') });
    expect(await resolveAppUrl('lab://app', rendererDir)).toMatchObject({ ok: true });
  });

  it('never leaves the renderer build', async () => {
    expect(await resolveAppUrl('lab://app/../data/runs/2/recon.png', rendererDir)).toMatchObject({ ok: false, status: 400 });
    expect(await resolveAppUrl('lab://app/%2e%2e/lab.db', rendererDir)).toMatchObject({ ok: false, status: 400 });
  });
});
