/**
 * `latent-lab report EXPERIMENT | RUN… | --sweep ID`: export a report as self-contained HTML,
 * Markdown with a figures folder, or LaTeX with a figures folder.
 */
import { DEFAULT_REPORT_SECTIONS, parseSections, REPORT_FORMATS, type ReportFormat, type ReportScope } from '../../shared/report/sections.js';
import type { Language } from '../figures/index.js';
import { exportReport } from '../services/reports/index.js';
import type { Lab } from '../services/lab.js';
import { UsageError } from './usage.js';

export interface ReportArgs {
  targets: string[];
  /** --experiment NAME|ID */
  experiment?: string;
  sweep?: string;
  format?: string;
  sections?: string;
  out?: string;
  language?: Language;
  json: boolean;
}

async function experimentScope(lab: Lab, nameOrId: string): Promise<ReportScope> {
  const experiments = await lab.experiments.list();
  const found = experiments.find((e) => e.name === nameOrId) ?? experiments.find((e) => String(e.id) === nameOrId);
  if (!found) throw new UsageError(`no experiment named "${nameOrId}" (its runs: latent-lab runs)`);
  return { experimentId: found.id };
}

async function scopeOf(lab: Lab, args: ReportArgs): Promise<ReportScope> {
  const given = [args.sweep !== undefined, args.experiment !== undefined, args.targets.length > 0].filter(Boolean).length;
  if (given !== 1) throw new UsageError('report needs exactly one of: an EXPERIMENT name, RUN ids, or --sweep ID');
  if (args.sweep !== undefined) {
    const id = Number(args.sweep);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--sweep must be a sweep id, got "${args.sweep}"`);
    return { sweepId: id };
  }
  if (args.experiment !== undefined) return experimentScope(lab, args.experiment);
  if (args.targets.every((t) => /^\d+$/.test(t))) return { runIds: args.targets.map(Number) };
  if (args.targets.length === 1) return experimentScope(lab, args.targets[0]!);
  throw new UsageError('give RUN ids (numbers) or one EXPERIMENT name, not both');
}

export async function reportCommand(lab: Lab, args: ReportArgs, print: (text: string) => void): Promise<number> {
  const format = (args.format ?? 'html') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${args.format}"`);
  let sections;
  try {
    sections = args.sections === undefined ? [...DEFAULT_REPORT_SECTIONS] : parseSections(args.sections);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scope = await scopeOf(lab, args);
  const result = await exportReport(lab, { scope, format, sections, language: args.language }, args.out ?? `report.${format}`);
  if (args.json) print(JSON.stringify(result));
  else {
    print(result.files[0]!);
    if (result.files.length > 1) print(`  and ${result.files.length - 1} figure files beside it`);
    for (const warning of result.warnings) process.stderr.write(`latent-lab: left out ${warning}\n`);
  }
  return 0;
}
