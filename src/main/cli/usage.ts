import { ConfigError } from '../../shared/config.js';
import { StoreError } from '../store/db.js';
/** The CLI's help texts: one per command (`latent-lab COMMAND --help`) and the overview built from them. */

/** A mistake in the command line itself: exit code 2 and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Exit codes of every command (README, "Exit codes"). A run's terminal status maps to the first
 * five; the others say why nothing ran.
 */
export const EXIT = {
  /** Done; for train, the run completed; for sweep, every member did. */
  ok: 0,
  /** The run failed, a sweep member failed or diverged, or the command could not be done (a missing run, a bad dataset file, a model too large for memory). */
  failed: 1,
  /** The command line, or the config / sweep spec file it names, is wrong; nothing was started. */
  usage: 2,
  diverged: 3,
  /** Cancelled with Ctrl+C (or from the workbench). */
  cancelled: 4,
  /** The process training the run stopped before the run ended (a run found so by `show`/`resume`). */
  interrupted: 5,
  /** The data folder or its database cannot be used: not writable, damaged, or from a newer version. */
  store: 6,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  if (error instanceof StoreError) return EXIT.store;
  return EXIT.failed;
}

export const COMMANDS = [
  'datasets', 'download', 'import-dataset', 'presets', 'train', 'resume', 'sweep', 'follow', 'sweeps', 'runs', 'show', 'export-model', 'quality', 'figure',
  'report', 'serve', 'worker',
] as const;
export type CommandName = (typeof COMMANDS)[number];

interface CommandHelp {
  /** Arguments and options after the command name. */
  synopsis: string;
  /** One line for the overview. */
  summary: string;
  /** What `COMMAND --help` adds: options, defaults, examples. */
  details: string;
}

const HELP: Record<CommandName, CommandHelp> = {
  datasets: {
    synopsis: '[--json]',
    summary: 'which datasets are available and how to get the others',
    details: `Lists every dataset of the registry: built in, found on this machine, downloaded or imported.
For one that is not available, the last column says how to get it.`,
  },
  download: {
    synopsis: 'DATASET [--progress]',
    summary: 'download a dataset into the app cache (needs internet)',
    details: `Downloads a built-in dataset (see: latent-lab datasets) into the app cache, checks its checksum
and parses it before it replaces the cache. Progress goes to stderr when it is a terminal;
--progress prints it there as plain lines otherwise (not with --json).

Example:
  latent-lab download fashion-mnist`,
  },
  'import-dataset': {
    synopsis: 'FORMAT PATH... [--name NAME] [--delimiter D] [--decimal C] [--progress] [--json]',
    summary: 'import files: FORMAT is idx, cifar10, ucr, csv or images',
    details: `Imports your files as a dataset named NAME (default FORMAT-import). Two files are a training
and a test split (the one whose name holds "test" or "t10k" is the test split). Progress goes to
stderr when it is a terminal; --progress prints it there as plain lines otherwise (not with --json).

Options:
  --name NAME       the dataset's name; a built-in name (fashion-mnist, cifar10, ecg5000, cartoonset)
                    fills that entry from your files
  --delimiter D     csv: the field delimiter: "," ";" or "tab" (default: a tab, else ";", else ",",
                    from the first line)
  --decimal C       csv: the decimal separator: "." or "," (default ".", and "," too when the
                    delimiter is not a comma, as in 1,5;2,5)

CSV files follow RFC 4180: a quoted field may hold the delimiter ("T-shirt, top") and doubled
quotes (""). A column named "label" is the class; every other value must be a number.

Examples:
  latent-lab import-dataset csv train.csv test.csv --name iris
  latent-lab import-dataset csv messwerte.csv --delimiter ";" --decimal ","`,
  },
  presets: {
    synopsis: '[--json]',
    summary: 'the built-in experiments',
    details: 'Lists the run presets (for train --preset) and the sweep presets (for sweep --preset).',
  },
  train: {
    synopsis: '--preset ID | --config FILE [--epochs N] [--seed N] [--backend B] [--experiment NAME] [--queue URL] [--json]',
    summary: 'train one run; B is auto, tensorflow, wasm or cpu',
    details: `Trains one run and follows it to the end, printing each epoch.

Options:
  --preset ID          a preset (see: latent-lab presets)
  --config FILE        a run config as JSON (the format the app's "export config" writes)
  --epochs N           override the number of epochs
  --seed N             override the seed (initial weights, batch order, noise)
  --backend B          auto, tensorflow, wasm or cpu (default: the app's setting)
  --experiment NAME    the experiment (tab) the run goes to; default CLI
  --queue URL          train it on a remote worker through Redis (see: latent-lab worker --help)

Exit codes: 0 completed, 1 failed, 3 diverged, 4 cancelled, 5 interrupted.`,
  },
  resume: {
    synopsis: 'RUN [--epochs N] [--queue URL] [--json] | --sweep ID [--queue URL] [--json]',
    summary: 'continue an interrupted or cancelled run (or sweep) from its last checkpoint',
    details: `Continues a run that a crash, a closed laptop or Ctrl+C stopped, from its last checkpoint, in the
same run record, and follows it to its end as train does. Weights, optimizer state (Adam moments,
step count), the batch order and the noise streams continue exactly: the result is the one an
uninterrupted run gives. Epochs recorded after the checkpoint are trained again (same values), so
the curve has no gap and no repeated epoch. A run stopped before its first checkpoint starts over.
Runs whose checkpoint was written by a version without resume are refused (export their model).
A run trained through the queue goes back to the queue with its checkpoint and a worker continues
it (the queue must be set: --queue URL, $LATENT_LAB_QUEUE or the queue setting).

Options:
  --epochs N    train to N epochs in total instead of the planned number (more than those kept)
  --sweep ID    resume every interrupted or cancelled member of sweep ID (see: latent-lab sweeps)
  --queue URL   the queue of members trained through it (default $LATENT_LAB_QUEUE, else the setting)

With --json the lines are train's, except the first: {"event":"resumed","runId",…,"fromEpoch",
"fromBatch","restarted"} (sweep: {"event":"sweepResumed",…}, then as sweep).

Exit codes: as train (0 completed, 1 failed or not resumable, 3 diverged, 4 cancelled, 5 interrupted);
--sweep: as sweep.`,
  },
  sweep: {
    synopsis: '--preset ID | --spec FILE [--epochs N] [--limit N] [--backend B] [--experiment NAME] [--queue URL] [--json]',
    summary: 'queue a grid of runs, follow them, print the results sorted by val loss',
    details: `Queues every member of a sweep (a base config and a grid of overrides), follows them and prints
the results sorted by validation loss.

Options:
  --preset ID | --spec FILE   a sweep preset (see: latent-lab presets) or a sweep spec as JSON
  --epochs N                  override the epochs of every member
  --limit N                   queue only the first N members
  --queue URL                 send the members to remote workers through Redis

Exit code 0 when every member completed, 1 when any failed or diverged.`,
  },
  follow: {
    synopsis: 'SWEEP --queue URL [--json]',
    summary: 'owner again for a sweep on the queue (after the process that queued it stopped)',
    details: `Takes over a sweep whose members train on remote workers: applies what they streamed while no
owner listened and follows the sweep to its end.`,
  },
  sweeps: {
    synopsis: '[--json]',
    summary: 'every sweep with its status and best run',
    details: 'Lists every sweep with its status, member count and best run.',
  },
  runs: {
    synopsis: '[--json]',
    summary: 'every run with its status and final metrics',
    details: 'Lists every run of every experiment with its status, dataset, model, epochs and final metrics.',
  },
  show: {
    synopsis: 'RUN [--json]',
    summary: 'one run: config, backend, metrics per epoch, artifacts',
    details: 'Prints one run (RUN is a run id, see: latent-lab runs): its config, backend, metrics per epoch and artifacts.',
  },
  'export-model': {
    synopsis: 'RUN DIR [--force] [--json]',
    summary: "save the run's autoencoder, encoder and decoder to DIR",
    details: `Writes the run's trained models to DIR as TensorFlow.js layers models (model.json + weights),
which the app's "Open model" and tf.loadLayersModel read. The export is written beside DIR and
renamed into place; when the run's last checkpoint is incomplete, the previous one (model.previous) is used.

Options:
  --force   replace the model folders in a DIR that already holds files (refused otherwise)`,
  },
  quality: {
    synopsis: 'RUN [RUN...] [--samples N] [--seed N] [--json]',
    summary: 'FID and class coverage of AE, VAE and GAN samples, beside the real test set',
    details: `Measures generated samples of each run with a classifier trained on the same dataset: a Fréchet
distance (FID-like) and class coverage, beside the real test set as a reference.

Options:
  --samples N   samples generated per run (default 1000)
  --seed N      seed of the sampling`,
  },
  figure: {
    synopsis: 'RUN... --kind K [--metric M] [--format svg|png] [--scale N] [--width W --height H] [--out FILE] [--lang L]',
    summary: "draw a run's figure as the window does",
    details: `K is curves, latent, kl, anomaly, quality (charts: SVG, or PNG at --scale, default 2) or
reconstructions, manifold, samples, interpolation, denoising (galleries: PNG at native pixels).
L is en, pt-BR or es.`,
  },
  report: {
    synopsis: 'EXPERIMENT | RUN... | --sweep ID [--format html|md|tex] [--sections S,...] [--out PATH] [--lang L]',
    summary: 'export a report: self-contained HTML, or Markdown / LaTeX with a figures folder',
    details: `S from summary, configs, curves, galleries, latent, anomaly, quality, environment (default all
but quality); L is en, pt-BR or es (default: the UI language); a reproducibility block always ends it.`,
  },
  serve: {
    synopsis: '[--port N] [--host H] [--queue URL]',
    summary: 'the workbench in a browser (127.0.0.1, per-launch token)',
    details: `Serves the workbench to a browser on this machine, with a per-launch token in the printed URL.
It needs the renderer build (out/renderer): from a source checkout, \`npm run build\` makes it, and
\`npm run serve\` builds it when missing, then serves.

Options:
  --port N   the port (default: a free one); 0 picks a free one
  --host H   the address to bind (default 127.0.0.1)
  --queue URL  send sweep members (and, if set in Settings, single runs) to remote workers`,
  },
  worker: {
    synopsis: '--queue URL [--concurrency N] [--backend B] [--name NAME]',
    summary: 'train members from a Redis queue for the owner that queued them',
    details: `Trains members queued by an owner (the app, \`serve\`, \`train\` or \`sweep\` with --queue) and
streams everything back; the owner stays the one writer of its store. See README, "Many machines".

Options:
  --queue URL         redis://HOST:PORT, redis://:PASSWORD@HOST:PORT or rediss://… (default $LATENT_LAB_QUEUE)
  --concurrency N     members trained at the same time
  --backend B         auto, tensorflow, wasm or cpu
  --name NAME         how owners see this worker (default: host name and process id)`,
  },
};

const COMMON_OPTIONS = `Options of every command:
  --home DIR       data directory (default: $LATENT_LAB_HOME, else the platform's app-data folder)
  --json           machine-readable output: one JSON object per line
  --queue URL      train/sweep/follow/serve/worker: remote workers through Redis: redis://HOST:PORT,
                   redis://:PASSWORD@HOST:PORT or rediss://… (default $LATENT_LAB_QUEUE)
  -h, --help       help (latent-lab COMMAND --help: help on one command)
  -v, --version    the version`;

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** `latent-lab COMMAND --help`. */
export function commandUsage(command: CommandName): string {
  const help = HELP[command];
  return `Usage: latent-lab ${command} ${help.synopsis}\n\n${help.summary[0]?.toUpperCase()}${help.summary.slice(1)}.\n\n${help.details}\n\n${COMMON_OPTIONS}\n`;
}

function overview(): string {
  const lines = COMMANDS.map((command) => {
    const head = `  latent-lab ${command} ${HELP[command].synopsis}`;
    return head.length <= 51 ? `${head.padEnd(53)}${HELP[command].summary}` : `${head}\n${' '.repeat(53)}${HELP[command].summary}`;
  });
  return `latent-lab — autoencoder experiments from the command line

Usage:
${lines.join('\n')}

${COMMON_OPTIONS}

Exit codes: 0 success, 1 failed (also: a missing run, a bad dataset file, a model too large for memory),
2 usage error (the command line, or the config/spec file it names; nothing started), 3 diverged,
4 cancelled, 5 interrupted, 6 the data folder or its database cannot be used (not writable, damaged)
(sweep: 0 when every member completed, 1 when any failed or diverged, 4 cancelled).
`;
}

export const USAGE = overview();
