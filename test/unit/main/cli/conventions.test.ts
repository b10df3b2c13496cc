/**
 * CLI conventions: --version, help per command, progress and the CSV options of import-dataset.
 * Help is checked in-process for every command; the rest runs the real `latent-lab` binary.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/main/cli/main.js';
import { COMMANDS } from '../../../../src/main/cli/usage.js';
import pkg from '../../../../package.json' with { type: 'json' };

const BIN = path.resolve('bin/latent-lab.js');
let home: string;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-conv-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab conventions', () => {
  it('prints its version with --version and -v', async () => {
    expect(await inProcess(['--version'])).toEqual({ code: 0, stdout: `latent-lab ${pkg.version}\n` });
    expect((await inProcess(['-v'])).stdout).toBe(`latent-lab ${pkg.version}\n`);
  });

  it.each(COMMANDS)('explains "%s" with COMMAND --help and help COMMAND', async (command) => {
    const viaFlag = await inProcess([command, '--help']);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout.startsWith(`Usage: latent-lab ${command} `)).toBe(true);
    expect(viaFlag.stdout).toContain('--home DIR');
    expect((await inProcess(['help', command])).stdout).toBe(viaFlag.stdout);
  });

  it('lists every command in the overview', async () => {
    const { code, stdout } = await inProcess(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toContain(`latent-lab ${command} `);
  });

  it('imports a semicolon CSV with decimal commas and quoted labels, showing progress with --progress', () => {
    const file = path.join(home, 'werte.csv');
    fs.writeFileSync(file, 'a;b;label\n1,5;2;"T-shirt; top"\n3;4,25;"say ""hi"""\n');
    const { code, stdout, stderr } = cli(['import-dataset', 'csv', file, '--name', 'werte', '--delimiter', ';', '--decimal', ',', '--progress']);
    expect(stderr).toMatch(/^reading werte\.csv \[#+\] 1\/1$/m);
    expect(stderr).toMatch(/^writing dataset werte: done$/m);
    expect(code).toBe(0);
    expect(stdout).toBe('imported werte: 2 training samples of shape 2\n');
    const listed = cli(['datasets', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; classNames: string[] });
    expect(listed.find((d) => d.id === 'werte')?.classNames).toEqual(['T-shirt; top', 'say "hi"']);
  });

  it('rejects a bad --delimiter as a usage error pointing at the command help', () => {
    const { code, stderr } = cli(['import-dataset', 'csv', 'x.csv', '--delimiter', '|']);
    expect(code).toBe(2);
    expect(stderr).toContain('--delimiter must be one of ",", ";", tab, got "|"');
    expect(stderr).toContain('Run "latent-lab import-dataset --help" for usage.');
  });
});
