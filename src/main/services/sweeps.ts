/**
 * Sweep use cases: expand a spec into validated member configs, queue them all as runs of one
 * group, report the group with each member's status and final metrics, and cancel it.
 */
import type { ArchitectureSummary, SweepDetail, SweepStatus, SweepPreset, SweepSummary } from '../../shared/api.js';
import type { DatasetInfo } from '../../shared/datasets.js';
import { TERMINAL_STATUSES } from '../../shared/api.js';
import { SWEEP_PRESETS } from '../../shared/presets/sweeps.js';
import {
  expandSweep,
  fieldLabels,
  getPath,
  memberLabel,
  parseSweepSpec,
  SweepError,
  sweepStatus,
  shownFields,
  type SweepSpecInput,
} from '../../shared/sweep.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import { checkRunConfig, datasetUnavailable } from './check-run-config.js';
import type { Store } from '../store/index.js';
import { checkTrainingMemory, MemoryLimitError } from './memory-budget.js';
import type { RunScheduler } from './run-scheduler.js';
import { resumeInfo, resumeRun, type ResumeContext } from './run-resume.js';

/** The local scheduler, or the router that also sends members to the queue. */
export type MemberScheduler = Pick<RunScheduler, 'enqueue' | 'cancel' | 'waitFor'>;

export class SweepService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetRegistry,
    private readonly scheduler: MemberScheduler,
    /** The memoryLimitMb setting, read at each start. */
    private readonly memoryLimitMb: () => number = () => 0,
    /** What resuming members needs; without it, `resume` is refused. */
    private readonly resumeContext: ResumeContext | null = null,
  ) {}

  presets(): SweepPreset[] {
    return SWEEP_PRESETS.map((p) => structuredClone({ ...p }));
  }

  /**
   * Validate every member before queueing any: configs (SweepError naming member and field),
   * datasets (available here?) and architectures (do they fit the data?). Then one transaction
   * inserts the sweep and its runs, and the scheduler takes them in expansion order.
   */
  async start(experimentId: number, input: SweepSpecInput, presetId?: string): Promise<SweepDetail> {
    const spec = parseSweepSpec(input);
    const members = expandSweep(spec);
    this.store.experiments.get(experimentId);
    const infos = new Map<string, DatasetInfo>();
    for (const datasetId of new Set(members.map((m) => m.config.dataset.id))) {
      const info = await this.datasets.info(datasetId);
      if (!info.available) throw datasetUnavailable(datasetId, info.howToGet);
      infos.set(datasetId, info);
    }
    const labels = fieldLabels(spec);
    const problems: string[] = [];
    const architectures = new Map<number, ArchitectureSummary>();
    for (const member of members) {
      try {
        architectures.set(member.index, checkRunConfig(member.config, infos.get(member.config.dataset.id)!));
      } catch (error) {
        problems.push(`member ${member.index + 1} (${memberLabel(member.overrides, labels)}): ${(error as Error).message}`);
      }
    }
    if (problems.length > 0) throw new SweepError(problems.slice(0, 5));
    // Each member must fit in memory on its own (the scheduler's watchdog covers members running together).
    for (const member of members) {
      const info = infos.get(member.config.dataset.id)!;
      try {
        checkTrainingMemory(member.config, architectures.get(member.index)!, { train: info.trainCount, test: info.testCount }, this.memoryLimitMb());
      } catch (error) {
        if (!(error instanceof MemoryLimitError)) throw error;
        throw new MemoryLimitError(`member ${member.index + 1} (${memberLabel(member.overrides, labels)}): ${error.message}`);
      }
    }

    const { sweepId, runIds } = this.store.sweeps.create({
      experimentId,
      name: spec.name,
      presetId: presetId ?? null,
      spec,
      members: members.map((m) => m.config),
    });
    for (const runId of runIds) this.scheduler.enqueue(runId);
    return this.get(sweepId);
  }

  list(experimentId?: number): SweepSummary[] {
    return this.store.sweeps.list(experimentId);
  }

  get(sweepId: number): SweepDetail {
    const summary = this.store.sweeps.summary(sweepId);
    const spec = this.store.sweeps.spec(sweepId);
    const fields = shownFields(spec).map((f) => f.path);
    const members = this.store.sweeps.members(sweepId).map((run) => {
      const config = this.store.runs.config(run.id);
      return { ...run, overrides: Object.fromEntries(fields.map((path) => [path, getPath(config, path) ?? null])) };
    });
    return { ...summary, spec, fields, members };
  }

  /** Queued members first, so that none starts in a slot a cancelled running member frees. */
  cancel(sweepId: number): void {
    const members = this.store.sweeps.members(sweepId);
    for (const run of members.filter((m) => m.status === 'queued')) this.scheduler.cancel(run.id);
    for (const run of members.filter((m) => m.status === 'running')) this.scheduler.cancel(run.id);
  }

  /**
   * Resumes every interrupted or cancelled member (members that never reached a checkpoint, such as
   * those still queued when the process stopped, start over). Refuses when no member can be resumed,
   * naming why for the first ones.
   */
  async resume(sweepId: number): Promise<SweepDetail> {
    const context = this.resumeContext;
    if (!context) throw new Error('resume is not available here');
    const members = this.store.sweeps.members(sweepId);
    const candidates = members.filter((m) => m.status === 'interrupted' || m.status === 'cancelled');
    if (candidates.length === 0) {
      throw new Error(`sweep ${sweepId} has no interrupted or cancelled member to resume (${members.map((m) => m.status).join(', ')})`);
    }
    const refused: string[] = [];
    let resumed = 0;
    for (const member of candidates) {
      const info = resumeInfo(context.store, context.dataDir, member, (context.queueOwner?.() ?? null) !== null);
      if (!info.resumable) {
        refused.push(info.message);
        continue;
      }
      await resumeRun(context, member.id);
      resumed++;
    }
    if (resumed === 0) throw new Error(`sweep ${sweepId}: no member can be resumed: ${refused.slice(0, 3).join('; ')}`);
    return this.get(sweepId);
  }

  /** Resolves with the sweep's status once every member has ended. */
  async waitFor(sweepId: number): Promise<SweepStatus> {
    const members = this.store.sweeps.members(sweepId);
    await Promise.all(members.filter((m) => !TERMINAL_STATUSES.includes(m.status)).map((m) => this.scheduler.waitFor(m.id)));
    return sweepStatus(this.store.sweeps.summary(sweepId).statusCounts);
  }
}
