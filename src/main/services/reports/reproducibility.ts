/**
 * The reproducibility block of a run: its exact config, the backend it ran on, the library
 * versions, and a shell command that trains it again (the config travels inside the command as a
 * here-document, so the line is complete on its own). Shared by every report and `show --json`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { RunDetail } from '../../../shared/api.js';
import type { RunConfig } from '../../../shared/config.js';
import pkg from '../../../../package.json' with { type: 'json' };

export interface Reproducibility {
  config: RunConfig;
  /** The backend the run trained on (null while queued). */
  backend: { name: string; package: string; gpu: boolean } | null;
  /** Package → version where this block was made (the app, Node.js, tfjs and the run's backend package). */
  versions: Record<string, string>;
  /** Bash: trains the same config on the same backend again. */
  command: string;
}

const require = createRequire(import.meta.url);

/** Version of an installed package, or `not installed`. */
export function packageVersion(name: string): string {
  let file: string;
  try {
    file = require.resolve(name);
  } catch {
    return 'not installed';
  }
  // Walk up from the entry point to the package's own package.json ("exports" may hide it from resolve).
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const data = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (data.name === name && data.version) return data.version;
  }
  return 'unknown';
}

/** The versions a report states: the app, the runtime, the numeric libraries, the figure renderer. */
export function libraryVersions(backendPackages: readonly string[] = []): Record<string, string> {
  const names = ['@tensorflow/tfjs', ...new Set(backendPackages), 'echarts', 'sharp'];
  return {
    'latent-lab': pkg.version,
    node: process.versions.node,
    platform: `${os.platform()} ${os.arch()} (${os.release()})`,
    ...Object.fromEntries(names.map((name) => [name, packageVersion(name)])),
  };
}

/** Quote a word for bash: single quotes, with embedded ones closed and escaped. */
export function shellQuote(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that trains `config` again on `backend`, in experiment `experiment`. */
export function rerunCommand(config: RunConfig, backend: string | null, experiment: string): string {
  const flags = [...(backend ? ['--backend', backend] : []), '--experiment', shellQuote(experiment)];
  return `latent-lab train ${flags.join(' ')} --config /dev/stdin <<'JSON'\n${JSON.stringify(config, null, 2)}\nJSON`;
}

export function reproducibility(run: RunDetail, experiment: string): Reproducibility {
  const report = run.backendReport;
  return {
    config: run.config,
    backend: report ? { name: report.backend, package: report.package, gpu: report.gpu } : null,
    versions: libraryVersions(report ? [report.package] : []),
    command: rerunCommand(run.config, run.backend, experiment),
  };
}
