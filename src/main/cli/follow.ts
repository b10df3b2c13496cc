/**
 * `latent-lab follow SWEEP --queue URL`: be the owner again for a sweep whose members are on the
 * queue, e.g. after the process that queued it stopped: apply what the workers sent meanwhile and
 * follow the rest to their end. Exit codes as `sweep`.
 */
import type { Lab } from '../services/lab.js';
import { formatDuration } from './format.js';
import type { SweepStatus } from '../../shared/api.js';
import { failedMembers } from '../../shared/sweep.js';
import { sweepExitCode } from './follow-run.js';
import { UsageError } from './usage.js';

export async function followCommand(lab: Lab, sweepId: number | undefined, json: boolean): Promise<number> {
  if (sweepId === undefined) throw new UsageError('follow needs a SWEEP id (see: latent-lab sweeps)');
  const say = (line: object | string): void => void process.stdout.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  const started = Date.now();
  const detail = await lab.sweeps.get(sweepId);
  const ids = new Set(detail.members.map((m) => m.id));
  const ended = detail.members.filter((m) => !['queued', 'running'].includes(m.status)).length;
  if (json) say({ event: 'following', sweepId, members: detail.members.length, ended });
  else say(`sweep ${sweepId} "${detail.name}": ${ended} of ${detail.members.length} members ended; following the rest`);
  const unsubscribe = lab.on('runStatus', (e) => {
    if (!ids.has(e.runId) || e.status === 'queued') return;
    if (json) say({ event: e.status, runId: e.runId, sweepId, error: e.error });
    else say(`run ${e.runId} ${e.status}${e.error ? `  (${e.error})` : ''}`);
  });
  const status = await lab.waitForSweep(sweepId);
  unsubscribe();
  const after = await lab.sweeps.get(sweepId);
  const counts = Object.entries(after.statusCounts).map(([k, n]) => `${n} ${k}`).join(', ');
  if (json) say({ event: 'sweepCompleted', sweepId, status, statusCounts: after.statusCounts, failedMembers: failedMembers(after.statusCounts), durationMs: Date.now() - started });
  else say(`sweep ${sweepId} ${status}: ${counts} (followed for ${formatDuration(Date.now() - started)})`);
  return sweepExitCode(status as SweepStatus);
}
