/**
 * `latent-lab figure`, `report` and the reproducibility block of `show --json`, as a user runs
 * them: real processes on a real store with a short font run, and pdflatex on the LaTeX export.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics, RunDetail } from '../../../../src/shared/api.js';
import { buildCurveOption } from '../../../../src/shared/figures/curves.js';
import { renderOptionSvg } from '../../../../src/main/figures/svg.js';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;
let out: string;

function cli(args: string[], options: { input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LATENT_LAB_HOME: home },
    encoding: 'utf8',
    timeout: 180_000,
    input: options.input,
    cwd: out,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-report-'));
  out = path.join(home, 'out');
  fs.mkdirSync(out);
  expect(cli(['train', '--preset', 'font5x7-2d', '--epochs', '4', '--experiment', "Ana's course"]).code).toBe(0);
}, 180_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab figure', () => {
  it('writes the curves SVG the window draws from the same run', () => {
    const { code, stdout } = cli(['figure', '1', '--kind', 'curves', '--width', '700', '--height', '320', '--out', 'loss.svg']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(path.join(out, 'loss.svg'));
    const show = JSON.parse(cli(['show', '1', '--json']).stdout) as RunDetail & { metrics: EpochMetrics[] };
    // What the live view builds for one run, with its English labels.
    const option = buildCurveOption({
      metric: 'loss',
      metricLabel: 'Loss',
      runs: [{ id: 1, name: show.name, metrics: show.metrics }],
      splits: ['train', 'val'],
      labels: { train: 'train', val: 'validation', epoch: 'epoch', raw: 'raw' },
    });
    expect(fs.readFileSync(path.join(out, 'loss.svg'), 'utf8')).toBe(renderOptionSvg(option, { width: 700, height: 320 }));
  });

  it('renders a chart PNG at the chosen scale and a gallery PNG at native pixel scale', async () => {
    expect(cli(['figure', '1', '--kind', 'curves', '--format', 'png', '--scale', '3', '--out', 'loss.png']).code).toBe(0);
    expect(await sharp(path.join(out, 'loss.png')).metadata()).toMatchObject({ format: 'png', width: 2400, height: 1140 });
    const { code, stdout } = cli(['figure', '1', '--kind', 'reconstructions', '--json']);
    expect(code).toBe(0);
    const written = JSON.parse(stdout) as { file: string; width: number; height: number; scale: number };
    expect(written).toMatchObject({ file: path.join(out, 'reconstructions-1.png'), scale: 1 });
    expect(await sharp(written.file).metadata()).toMatchObject({ width: written.width, height: written.height });
  });

  it('says which kinds exist, that galleries are PNG only, and what a run cannot draw', () => {
    expect(cli(['figure', '1', '--kind', 'pie'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind must be one of curves, latent, kl') });
    expect(cli(['figure', '1', '--kind', 'manifold', '--format', 'svg'])).toMatchObject({ code: 2, stderr: expect.stringContaining('renders to PNG only') });
    expect(cli(['figure', '1', '--kind', 'kl'])).toMatchObject({ code: 1, stderr: expect.stringContaining('only a VAE records it') });
    expect(cli(['figure', '1', '--kind', 'curves', '--metric', 'fid'])).toMatchObject({ code: 1, stderr: expect.stringContaining('recorded the metric "fid"') });
  });
});

describe('reproducibility', () => {
  it('show --json carries the exact config, the versions, the backend and a command that trains the same config again', () => {
    const run = JSON.parse(cli(['show', '1', '--json']).stdout) as RunDetail & { reproducibility: { config: unknown; versions: Record<string, string>; backend: { name: string }; command: string } };
    const block = run.reproducibility;
    expect(block.config).toEqual(run.config);
    expect(block.backend.name).toBe(run.backend);
    expect(block.versions).toMatchObject({ 'latent-lab': expect.any(String), '@tensorflow/tfjs': '4.22.0', node: process.versions.node });
    expect(block.command).toContain(`--backend ${run.backend} --experiment 'Ana'\\''s course' --config /dev/stdin <<'JSON'`);
    // Run the command as printed (the bin instead of an installed `latent-lab`).
    const script = block.command.replace(/^latent-lab /, `"${process.execPath}" "${BIN}" `);
    const rerun = spawnSync('bash', ['-c', script], { env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 180_000 });
    expect(rerun.status).toBe(0);
    const again = JSON.parse(cli(['show', '2', '--json']).stdout) as RunDetail;
    expect(again.config).toEqual(run.config);
    expect(again.experimentId).toBe(run.experimentId);
    expect(again.finalMetrics).toEqual(run.finalMetrics);
  }, 240_000);
});

describe('latent-lab report', () => {
  it('writes one self-contained HTML file with figures inline and the reproducibility block', () => {
    const { code, stdout } = cli(['report', '1', '--out', 'report.html']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(path.join(out, 'report.html'));
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.match(/<figure id="curves-loss"><svg/g)).toHaveLength(1);
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]{100,}"/);
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/|file:)/);
    expect(html).toContain('<h2>Reproducibility</h2>');
    expect(html).toContain('--config /dev/stdin &#60;&#60;&#39;JSON&#39;');
  });

  it('writes Markdown with a figures folder, only the sections asked for, in the language asked for', () => {
    const { code } = cli(['report', "Ana's course", '--format', 'md', '--sections', 'curves,summary', '--lang', 'es', '--out', 'md/']);
    expect(code).toBe(0);
    const md = fs.readFileSync(path.join(out, 'md/report.md'), 'utf8');
    expect(md.match(/^## .*/gm)).toEqual(['## Índice', '## Resumen', '## Curvas de aprendizaje', '## Reproducibilidad']);
    for (const [, file] of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(fs.existsSync(path.join(out, 'md', file!))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'md/report-figures'))).toContain('curves-loss.svg');
  });

  it('reports a sweep: its members sorted by validation loss, the best starred, the swept field a column', () => {
    const spec = {
      name: 'font-lr',
      base: {
        dataset: { id: 'font5x7', valFraction: 0 },
        model: { kind: 'dense', encoder: [16, 2], activation: 'tanh', codeActivation: 'linear' },
        training: { epochs: 3, batchSize: 32, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, checkpointEvery: 1000 },
      },
      grid: [{ path: 'training.optimizer.learningRate', values: [0.0001, 0.01] }],
    };
    fs.writeFileSync(path.join(out, 'spec.json'), JSON.stringify(spec));
    const sweep = cli(['sweep', '--spec', 'spec.json', '--json']);
    expect(sweep.code).toBe(0);
    const sweepId = (JSON.parse(sweep.stdout.trim().split('\n').at(-1)!) as { sweepId: number }).sweepId;
    expect(cli(['report', '--sweep', String(sweepId), '--format', 'md', '--sections', 'summary,configs', '--out', 'sweep.md']).code).toBe(0);
    const md = fs.readFileSync(path.join(out, 'sweep.md'), 'utf8');
    expect(md).toContain('# Sweep report: font-lr');
    expect(md).not.toContain('train Loss');
    expect(md).toContain('*Table 1: Sweep members sorted by validation Loss; the best is starred*');
    const rows = md.split('\n').filter((line) => line.startsWith('| ') && /#\d/.test(line));
    // The higher learning rate learns more in 3 epochs: it comes first, starred.
    expect(rows[0]).toMatch(/^\| \*\*★ \\#\d+ .*\*\* \| 0\.01 \|/);
    expect(rows[1]).toMatch(/\| 0\.0001 \|/);
    expect(md).toContain('| training.optimizer.learningRate | **0.0001** | **0.01** |');
  }, 180_000);

  it('rejects an unknown section, two scopes at once, and an unknown experiment', () => {
    expect(cli(['report', '1', '--sections', 'plots'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown report section "plots"') });
    expect(cli(['report', '1', '--sweep', '3'])).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one of') });
    expect(cli(['report', 'Nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no experiment named "Nope"') });
  });

  it.skipIf(!hasPdflatex && !process.env.CI)('writes LaTeX that pdflatex compiles, with every figure included', () => {
    const { code } = cli(['report', '1', '--format', 'tex', '--lang', 'pt-BR', '--out', 'tex/report.tex']);
    expect(code).toBe(0);
    const dir = path.join(out, 'tex');
    const tex = fs.readFileSync(path.join(dir, 'report.tex'), 'utf8');
    const graphics = [...tex.matchAll(/\\includegraphics\[[^\]]*\]\{([^}]+)\}/g)].map((m) => m[1]!);
    expect(graphics.length).toBeGreaterThan(3);
    for (const file of graphics) expect(file).toMatch(/\.png$/);
    const compile = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'report.tex'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(compile.stdout).toMatch(/Output written on report\.pdf \(\d+ pages?/);
    expect(compile.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'report.log'), 'utf8')).not.toMatch(/LaTeX Error|Missing character/);
  }, 180_000);
});
