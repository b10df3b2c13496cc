/**
 * Who owns a run: a process identity that a later process cannot take over. A pid alone is not one
 * (pids are reused, and a zombie still answers kill(pid, 0)); the pid plus the time the process
 * started is. Linux reads the start time from /proc/<pid>/stat (clock ticks since boot, with the
 * boot id so a reboot cannot match either); macOS and the BSDs ask `ps`; elsewhere (Windows) the
 * identity is the pid alone and liveness falls back to kill(pid, 0).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** `pid` or `pid@start` as stored in runs.owner_identity. */
export type ProcessIdentity = string;

interface ProcessState {
  /** Start time in a form only this machine's same process reproduces; null where unknown. */
  start: string | null;
  /** The process has exited but was not reaped yet: it will never write again. */
  zombie: boolean;
}

let bootId: string | null | undefined;
function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** Field 3 (state) and field 22 (starttime) of /proc/<pid>/stat; the name in field 2 may hold spaces and parentheses. */
function linuxState(pid: number): ProcessState | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  const startTicks = fields[19];
  return { start: startTicks ? `${linuxBootId() ?? 'boot'}:${startTicks}` : null, zombie: state === 'Z' || state === 'X' };
}

function psState(pid: number): ProcessState | null {
  try {
    const out = execFileSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (!out) return null;
    const [stat = '', ...start] = out.split(/\s+/);
    return { start: start.join(' ') || null, zombie: stat.startsWith('Z') };
  } catch {
    return null;
  }
}

function pidAnswers(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the OS says about `pid` now: null when no such process exists. */
export function processState(pid: number): ProcessState | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') return linuxState(pid);
  if (process.platform === 'win32') return pidAnswers(pid) ? { start: null, zombie: false } : null;
  return pidAnswers(pid) ? (psState(pid) ?? { start: null, zombie: false }) : null;
}

/** The identity of a running process (by default this one). */
export function identityOf(pid: number = process.pid): ProcessIdentity {
  const start = processState(pid)?.start;
  return start ? `${pid}@${start}` : String(pid);
}

let own: ProcessIdentity | undefined;
/** This process's identity (computed once). */
export function currentIdentity(): ProcessIdentity {
  return (own ??= identityOf(process.pid));
}

/**
 * Whether the process `identity` names is still running: same pid, same start time, not a zombie.
 * An identity without a start time (written on a platform without one, or by an older version
 * that stored only the pid) is checked by pid.
 */
export function isIdentityAlive(identity: ProcessIdentity): boolean {
  const at = identity.indexOf('@');
  const pid = Number(at < 0 ? identity : identity.slice(0, at));
  const state = processState(pid);
  if (!state || state.zombie) return false;
  if (at < 0 || state.start === null) return true;
  return state.start === identity.slice(at + 1);
}

/** Whether a process with this pid exists and is not a zombie (for temp files, which carry only a pid). */
export function isPidAlive(pid: number): boolean {
  const state = processState(pid);
  return state !== null && !state.zombie;
}
