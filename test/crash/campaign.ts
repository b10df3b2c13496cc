/**
 * Crash campaign: kill -9 the real `latent-lab` CLI at random moments of training, checkpointing,
 * sweeping and importing, all in one data folder, then check what a user would find:
 *
 *   - runs stuck `running`/`queued` after the next start (must be 0)
 *   - committed epochs lost: every epoch the CLI printed (it prints after the epoch's transaction
 *     commits) must be in the store afterwards (must be 0)
 *   - `PRAGMA integrity_check` of lab.sqlite (must be ok)
 *   - temp files and folders left after the next start, and damaged datasets listed (must be 0)
 *   - interrupted runs whose saved model cannot be exported (`model` or `model.previous` complete)
 *   - resume (issue 12): every interrupted run is resumed (`resume RUN --epochs N` for the open-ended
 *     runs, N one more than the epochs it had recorded, so that every committed epoch is trained
 *     again; `resume --sweep ID` for sweep members) and must complete with epochs 1..N, each once,
 *     the epochs the killed process printed coming back with the same values; then again 0 stuck
 *     runs, 0 committed epochs lost, integrity ok
 *
 * Not part of `npm test` (it takes minutes). Run:
 *   npx tsx test/crash/campaign.ts [--n 40] [--seed 1] [--quick] [--keep] [--json]
 * --quick: one kill per scenario. Exit code 0 when every count is as required, 1 otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const BIN = path.resolve('bin/latent-lab.js');
const SCENARIOS = ['training', 'checkpointing', 'sweeping', 'importing'] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const total = values.quick ? SCENARIOS.length : Number(values.n);

/** mulberry32: the same kill moments for the same seed. */
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-lab-crash-'));
const files = path.join(home, 'inputs');
fs.mkdirSync(files);
const env = { ...process.env, LATENT_LAB_HOME: path.join(home, 'lab') };

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return []; // the last line may be cut by the kill
      }
    });

const dataset = { id: 'font5x7', valFraction: 0 };
const training = { batchSize: 32, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, validationEvery: 1 };
const write = (name: string, value: unknown): string => {
  const file = path.join(files, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};
const trainingConfig = write('training.json', {
  dataset, model: { kind: 'dense', encoder: [64, 2], decoder: [64, 128], activation: 'tanh', codeActivation: 'linear' },
  training: { ...training, epochs: 100_000, checkpointEvery: 5 },
});
// Wide layers and a checkpoint every epoch: most of the time goes into writing checkpoints.
const checkpointConfig = write('checkpointing.json', {
  dataset, model: { kind: 'dense', encoder: [1500, 700, 2] },
  training: { ...training, epochs: 100_000, checkpointEvery: 1 },
});
const sweepSpec = write('sweep.json', {
  name: 'crash',
  base: { dataset, model: { kind: 'dense', encoder: [16, 2] }, training: { ...training, epochs: 30, checkpointEvery: 3 } },
  grid: [{ path: 'model.encoder', values: [[16, 2], [32, 2], [24, 2], [48, 2]] }],
});
// 60,000 28x28 images (47 MB): long enough to be caught in the middle of its parse or write.
const idxFile = path.join(files, 'crash-images-idx3-ubyte');
{
  const n = 60_000;
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(n, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  const body = Buffer.alloc(n * 784);
  for (let i = 0; i < body.length; i++) body[i] = (i * 2654435761) >>> 24;
  fs.writeFileSync(idxFile, Buffer.concat([header, body]));
}

interface Kill {
  index: number;
  scenario: Scenario;
  afterMs: number;
  trigger: string;
  /** Epochs printed by the killed process, per run id (each was committed before it was printed). */
  printed: Map<number, number[]>;
  /** The train loss printed for each `runId:epoch`. */
  losses: Map<string, number>;
  exitedBeforeKill: boolean;
}

function waitFor(condition: () => boolean, timeoutMs: number, child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(false);
      if (condition()) return resolve(true);
      if (Date.now() - started > timeoutMs) return resolve(false);
      setTimeout(tick, 3);
    };
    tick();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const runsDir = path.join(env.LATENT_LAB_HOME, 'runs');
/**
 * A checkpoint temp written by this process (those of earlier, killed ones stay until the next
 * start) that will replace an existing checkpoint: the kill lands while `model` is being swapped.
 */
const checkpointTempExists = (pid: number): boolean =>
  fs.existsSync(runsDir) &&
  fs.readdirSync(runsDir).some((id) => {
    const names = fs.readdirSync(path.join(runsDir, id));
    return names.includes('model') && names.some((n) => n.startsWith(`.model.tmp-${pid}-`));
  });

async function attack(index: number, scenario: Scenario): Promise<Kill> {
  const args: Record<Scenario, string[]> = {
    training: ['train', '--config', trainingConfig, '--json'],
    checkpointing: ['train', '--config', checkpointConfig, '--json'],
    sweeping: ['sweep', '--spec', sweepSpec, '--json'],
    importing: ['import-dataset', 'idx', idxFile, '--name', `crash-${index}`, '--json'],
  };
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args[scenario]], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let trigger: string;
  if (scenario === 'checkpointing' && random() < 0.6) {
    // Aim inside a checkpoint write: wait until its temp folder exists, then a random few ms more.
    const seen = await waitFor(() => checkpointTempExists(child.pid!), 30_000, child);
    const extra = Math.floor(random() * 40);
    await sleep(extra);
    trigger = seen ? `checkpoint replace + ${extra} ms` : 'no checkpoint replace seen';
  } else if (scenario === 'importing') {
    // The CLI takes about a second to start; the import's parse and write follow.
    const delay = 1200 + Math.floor(random() * 2500);
    await sleep(delay);
    trigger = `${delay} ms after start`;
  } else {
    // After the run is queued (the CLI has started: about a second), a random moment of its life.
    await waitFor(() => stdout.includes('"queued"') || stdout.includes('"sweepQueued"'), 30_000, child);
    const delay = Math.floor(random() * (scenario === 'sweeping' ? 12_000 : 9000));
    await sleep(delay);
    trigger = `${delay} ms after queued`;
  }
  const exitedBeforeKill = child.exitCode !== null;
  child.kill('SIGKILL');
  await exited;
  const printed = new Map<number, number[]>();
  const losses = new Map<string, number>();
  for (const line of jsonLines(stdout)) {
    if (line.event !== 'epoch') continue;
    printed.set(line.runId as number, [...(printed.get(line.runId as number) ?? []), line.epoch as number]);
    losses.set(`${String(line.runId)}:${String(line.epoch)}`, (line.train as { loss: number }).loss);
  }
  return { index, scenario, afterMs: Date.now() - started, trigger, printed, losses, exitedBeforeKill };
}

interface Counts {
  kills: number;
  /** Kills that came after the command had already ended (its work done). */
  endedBeforeKill: number;
  byScenario: Record<Scenario, number>;
  stuckRunning: number;
  committedEpochsLost: number;
  epochsChecked: number;
  integrityCheck: string;
  tempsLeftAfterStart: number;
  damagedDatasetsListed: number;
  interruptedRuns: number;
  interruptedWithModel: number;
  modelsNotExportable: number;
  resume: ResumeCounts | string;
  runsTotal: number;
}

interface ResumeCounts {
  /** Interrupted runs that resume said it can continue (from a checkpoint, or from the start). */
  resumable: number;
  refused: number;
  fromCheckpoint: number;
  restarted: number;
  sweepsResumed: number;
  completedAfterResume: number;
  notCompleted: number;
  /** Runs whose epochs are not exactly 1..epochs_done once each after the resume. */
  gapsOrDuplicates: number;
  /** Epochs the killed processes printed that are missing after the resume. */
  printedEpochsMissing: number;
  /** Printed epochs trained again after the resume whose train loss differs from what the killed process printed. */
  recomputedEpochsDiffering: number;
  recomputedEpochsCompared: number;
  stuckRunningAfter: number;
  integrityCheckAfter: string;
}

function listTemps(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (/\.tmp-|\.tmp$|^\.staging-/.test(entry.name)) return [full];
    return entry.isDirectory() && !/^(model|model\.previous|autoencoder|encoder|decoder)$/.test(entry.name) ? listTemps(full) : [];
  });
}

/** The train loss each killed process printed, per run and epoch (the last print wins: a resumed run may print an epoch twice). */
function printedLosses(kills: Kill[]): Map<string, number> {
  const losses = new Map<string, number>();
  for (const kill of kills) for (const [key, loss] of kill.losses) losses.set(key, loss);
  return losses;
}

/** Resumes every interrupted run (sweep members through their sweep) and checks what the runs hold afterwards. */
function resumeAll(interrupted: Record<string, unknown>[], kills: Kill[]): ResumeCounts {
  const counts: ResumeCounts = {
    resumable: 0, refused: 0, fromCheckpoint: 0, restarted: 0, sweepsResumed: 0, completedAfterResume: 0, notCompleted: 0,
    gapsOrDuplicates: 0, printedEpochsMissing: 0, recomputedEpochsDiffering: 0, recomputedEpochsCompared: 0, stuckRunningAfter: 0, integrityCheckAfter: '',
  };
  const sweeps = new Set<number>();
  for (const run of interrupted) {
    const detail = jsonLines(cli(['show', String(run.id), '--json']).stdout)[0] as { resume?: { resumable: boolean; restart?: boolean; fromEpoch?: number; message?: string }; epochsDone: number; sweepId: number | null };
    const info = detail.resume;
    if (!info?.resumable) {
      counts.refused++;
      process.stderr.write(`run ${String(run.id)}: not resumable: ${info?.message ?? 'no resume info'}\n`);
      continue;
    }
    counts.resumable++;
    if (info.restart) counts.restarted++;
    else counts.fromCheckpoint++;
    if (detail.sweepId !== null) {
      sweeps.add(detail.sweepId);
      continue;
    }
    // Open-ended runs: train one epoch past what was recorded, so every committed epoch is trained again.
    const epochs = Math.max(detail.epochsDone, info.fromEpoch ?? 0) + 1;
    const result = cli(['resume', String(run.id), '--epochs', String(epochs), '--json']);
    if (!values.json) process.stdout.write(`resume run ${String(run.id)} from epoch ${info.fromEpoch} to ${epochs}: exit ${result.code}\n`);
    if (result.code !== 0) process.stderr.write(`run ${String(run.id)}: resume failed: ${result.stderr}`);
  }
  for (const sweepId of sweeps) {
    const result = cli(['resume', '--sweep', String(sweepId), '--json']);
    counts.sweepsResumed++;
    if (!values.json) process.stdout.write(`resume sweep ${sweepId}: exit ${result.code}\n`);
    if (result.code !== 0) process.stderr.write(`sweep ${sweepId}: resume failed: ${result.stderr}`);
  }

  const after = jsonLines(cli(['runs', '--json']).stdout);
  const db = new Database(path.join(env.LATENT_LAB_HOME, 'lab.sqlite'), { readonly: true });
  counts.integrityCheckAfter = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  counts.stuckRunningAfter = after.filter((r) => r.status === 'running' || r.status === 'queued').length;
  const trainEpochs = db.prepare("SELECT epoch FROM metrics WHERE run_id = ? AND split = 'train' AND name = 'loss' ORDER BY epoch");
  const loss = db.prepare("SELECT value FROM metrics WHERE run_id = ? AND epoch = ? AND split = 'train' AND name = 'loss'");
  const printed = printedLosses(kills);
  for (const run of interrupted) {
    const now = after.find((r) => r.id === run.id)!;
    if (now.status === 'completed') counts.completedAfterResume++;
    else {
      counts.notCompleted++;
      process.stderr.write(`run ${String(run.id)} is ${String(now.status)} after its resume: ${String(now.error)}\n`);
    }
    const epochs = (trainEpochs.all(run.id) as { epoch: number }[]).map((r) => r.epoch);
    if (epochs.length !== now.epochsDone || epochs.some((epoch, i) => epoch !== i + 1)) counts.gapsOrDuplicates++;
  }
  for (const [key, value] of printed) {
    const [runId, epoch] = key.split(':').map(Number) as [number, number];
    if (!interrupted.some((r) => r.id === runId)) continue;
    const row = loss.get(runId, epoch) as { value: number } | undefined;
    if (!row) counts.printedEpochsMissing++;
    else {
      counts.recomputedEpochsCompared++;
      if (row.value !== value) counts.recomputedEpochsDiffering++;
    }
  }
  db.close();
  return counts;
}

async function main(): Promise<number> {
  const kills: Kill[] = [];
  const byScenario = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<Scenario, number>;
  for (let i = 0; i < total; i++) {
    const scenario = values.quick ? SCENARIOS[i]! : SCENARIOS[Math.floor(random() * SCENARIOS.length)]!;
    const kill = await attack(i + 1, scenario);
    kills.push(kill);
    byScenario[scenario]++;
    if (!values.json) {
      const epochs = [...kill.printed.values()].reduce((sum, list) => sum + list.length, 0);
      process.stdout.write(`kill ${String(i + 1).padStart(3)}/${total}  ${scenario.padEnd(13)} ${kill.trigger.padEnd(32)} at ${kill.afterMs} ms, ${epochs} epochs printed${kill.exitedBeforeKill ? ' (had exited)' : ''}\n`);
    }
  }

  // The next start: recovery of orphaned runs and removal of stale temps happen here.
  const runs = jsonLines(cli(['runs', '--json']).stdout);
  const datasets = jsonLines(cli(['datasets', '--json']).stdout);
  const db = new Database(path.join(env.LATENT_LAB_HOME, 'lab.sqlite'), { readonly: true });
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  let lost = 0;
  let checked = 0;
  const hasEpoch = db.prepare('SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND epoch = ?');
  for (const kill of kills) {
    for (const [runId, epochs] of kill.printed) {
      for (const epoch of epochs) {
        checked++;
        if ((hasEpoch.get(runId, epoch) as { n: number }).n === 0) lost++;
      }
    }
  }
  const epochsDoneBelowPrinted = kills.flatMap((k) => [...k.printed]).filter(([runId, epochs]) => {
    const run = runs.find((r) => r.id === runId);
    return !run || (run.epochsDone as number) < Math.max(...epochs);
  }).length;
  db.close();

  const interrupted = runs.filter((r) => r.status === 'interrupted');
  let withModel = 0;
  let notExportable = 0;
  for (const run of interrupted) {
    const detail = jsonLines(cli(['show', String(run.id), '--json']).stdout)[0] as { artifacts: { kind: string }[] } | undefined;
    if (!detail?.artifacts.some((a) => a.kind === 'model')) continue;
    withModel++;
    const target = path.join(home, 'exports', String(run.id));
    const result = cli(['export-model', String(run.id), target]);
    if (result.code !== 0) {
      notExportable++;
      process.stderr.write(`run ${run.id}: export failed: ${result.stderr}`);
    }
  }
  const help = cli(['--help']).stdout;
  const resume: ResumeCounts | string = /\bresume\b/.test(help) ? resumeAll(interrupted, kills) : 'no resume command in this build';

  const counts: Counts = {
    kills: kills.length,
    endedBeforeKill: kills.filter((k) => k.exitedBeforeKill).length,
    byScenario,
    stuckRunning: runs.filter((r) => r.status === 'running' || r.status === 'queued').length,
    committedEpochsLost: lost + epochsDoneBelowPrinted,
    epochsChecked: checked,
    integrityCheck: integrity,
    tempsLeftAfterStart: listTemps(env.LATENT_LAB_HOME).length,
    damagedDatasetsListed: datasets.filter((d) => d.source === 'imported' && d.available !== true).length,
    interruptedRuns: interrupted.length,
    interruptedWithModel: withModel,
    modelsNotExportable: notExportable,
    resume,
    runsTotal: runs.length,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(counts)}\n`);
  else {
    process.stdout.write(`\n${JSON.stringify(counts, null, 2)}\n`);
    for (const temp of listTemps(env.LATENT_LAB_HOME)) process.stdout.write(`left: ${temp}\n`);
  }
  if (!values.keep) fs.rmSync(home, { recursive: true, force: true });
  else process.stdout.write(`kept ${home}\n`);
  const good =
    counts.stuckRunning === 0 && counts.committedEpochsLost === 0 && integrity === 'ok' && counts.tempsLeftAfterStart === 0 &&
    counts.damagedDatasetsListed === 0 && counts.modelsNotExportable === 0 &&
    (typeof resume === 'string' ||
      (resume.refused === 0 && resume.notCompleted === 0 && resume.gapsOrDuplicates === 0 && resume.printedEpochsMissing === 0 &&
        resume.recomputedEpochsDiffering === 0 && resume.stuckRunningAfter === 0 && resume.integrityCheckAfter === 'ok'));
  return good ? 0 : 1;
}

process.exitCode = await main();
