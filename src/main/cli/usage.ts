/** A mistake in the command line itself: exit code 2 and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `latent-lab — autoencoder experiments from the command line

Usage:
  latent-lab datasets [--json]                       which datasets are available and how to get the others
  latent-lab download DATASET                        download a dataset into the app cache (needs internet)
  latent-lab import-dataset FORMAT PATH... [--name NAME] [--json]
                                                     import files: FORMAT is idx, cifar10, ucr, csv or images
  latent-lab presets [--json]                        the built-in experiments
  latent-lab train --preset ID | --config FILE [--epochs N] [--backend B] [--experiment NAME] [--json]
                                                     train one run; B is auto, tensorflow, wasm or cpu
  latent-lab sweep --preset ID | --spec FILE [--epochs N] [--limit N] [--backend B] [--experiment NAME] [--json]
                                                     queue a grid of runs, follow them, print the results sorted by val loss;
                                                     --limit N queues only the first N members
  latent-lab follow SWEEP --queue URL [--json]       owner again for a sweep on the queue (after the process that queued it stopped)
  latent-lab sweeps [--json]                         every sweep with its status and best run
  latent-lab runs [--json]                           every run with its status and final metrics
  latent-lab show RUN [--json]                       one run: config, backend, metrics per epoch, artifacts
                                                     (--json adds the reproducibility block: config, versions, re-run command)
  latent-lab export-model RUN DIR [--json]           save the run's autoencoder, encoder and decoder to DIR
  latent-lab quality RUN [RUN...] [--samples N] [--seed N] [--json]
                                                     FID and class coverage of AE, VAE and GAN samples, beside the real test set
  latent-lab figure RUN... --kind K [--metric M] [--format svg|png] [--scale N] [--width W --height H] [--out FILE] [--lang L]
                                                     draw a run's figure as the window does; K is curves, latent, kl, anomaly,
                                                     quality (charts: SVG or PNG at --scale, default 2) or reconstructions,
                                                     manifold, samples, interpolation, denoising (galleries: PNG at native pixels)
  latent-lab report EXPERIMENT | RUN... | --sweep ID [--format html|md|tex] [--sections S,...] [--out PATH] [--lang L]
                                                     export a report: self-contained HTML, or Markdown / LaTeX with a figures
                                                     folder; S from summary, configs, curves, galleries, latent, anomaly,
                                                     quality, environment (default all but quality); L is en, pt-BR or es
                                                     (default: the UI language); a reproducibility block always ends it
  latent-lab serve [--port N] [--queue URL]          the workbench in a browser (127.0.0.1, per-launch token)
  latent-lab worker --queue URL [--concurrency N] [--backend B] [--name NAME]
                                                     train members from a Redis queue for the owner that queued them
                                                     (see README, "Many machines")

Options:
  --home DIR    data directory (default: $LATENT_LAB_HOME, else the platform's app-data folder)
  --json        machine-readable output: one JSON object per line
  --queue URL   train/sweep/serve: send sweep members (and, with train, the run) to remote workers through
                Redis: redis://HOST:PORT, redis://:PASSWORD@HOST:PORT or rediss://… (default $LATENT_LAB_QUEUE)
  -h, --help    this text

Exit codes: 0 success, 1 failure, 2 usage error, 3 diverged, 4 cancelled, 5 interrupted
(sweep: 0 when every member completed, 1 when any failed or diverged).
`;
