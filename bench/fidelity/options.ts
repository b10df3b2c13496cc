/** Command line of bench/fidelity/lockstep.ts. */
import { join } from 'node:path';
import { REPO_ROOT } from '../data.js';

export const LOCKSTEP_USAGE = `usage: npx tsx bench/fidelity/lockstep.ts [options]
  --encoder 64-32-16     grid cell (preset mnist-dense-<encoder>-relu)
  --steps N              train N steps (default 300)
  --epochs E             train whole epochs instead (test MSE at the preset's validation epochs and the last)
  --seed S               seed of both sides (default 1)
  --init torch|ours      whose initial weights both start from (default torch)
  --order torch|ours     whose batch order both follow (default torch: report_grid.py's randperm)
  --side both|torch|ours run both sides (default) or one: torch with --init ours --order ours is
                         PyTorch trained from our random draws; ours needs --init ours --order ours
  --torch-only           the same as --side torch
  --perturb E            multiply each of our starting weights by (1 ± E), random signs (a control: how
                         fast float noise alone grows; 6e-8 is about one float32 ulp)
  --out DIR              where the JSON summary goes (default docs/evidence/issue9/session18)
  --tag NAME             file name of the summary (default lockstep-<encoder>-init-<init>-order-<order>-<sN|eN>-seed<S>…)`;

export type Source = 'torch' | 'ours';
export type Side = 'both' | 'torch' | 'ours';

export interface Options {
  encoder: number[];
  steps: number | null;
  epochs: number | null;
  seed: number;
  init: Source;
  order: Source;
  side: Side;
  perturb: number;
  out: string;
  tag: string | null;
}

const source = (v: string | undefined, flag: string): Source => {
  if (v === 'torch' || v === 'ours') return v;
  throw new Error(`${flag}: expected torch or ours, got ${String(v)}`);
};

const side = (v: string | undefined): Side => {
  if (v === 'both' || v === 'torch' || v === 'ours') return v;
  throw new Error(`--side: expected both, torch or ours, got ${String(v)}`);
};

const whole = (v: string | undefined, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number, got ${String(v)}`);
  return n;
};

/** Parses the arguments; null for --help. Throws a one-line message on a bad one. */
export function parseOptions(argv: string[]): Options | null {
  const o: Options = {
    encoder: [64, 32, 16], steps: 300, epochs: null, seed: 1, init: 'torch', order: 'torch', side: 'both', perturb: 0,
    out: join(REPO_ROOT, 'docs/evidence/issue9/session18'), tag: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help') return null;
    if (flag === '--torch-only') {
      o.side = 'torch';
      continue;
    }
    const value = argv[++i];
    switch (flag) {
      case '--encoder': o.encoder = String(value).split('-').map((w) => whole(w, flag)); break;
      case '--steps': o.steps = whole(value, flag); o.epochs = null; break;
      case '--epochs': o.epochs = whole(value, flag); o.steps = null; break;
      case '--seed': o.seed = whole(value, flag); break;
      case '--init': o.init = source(value, flag); break;
      case '--order': o.order = source(value, flag); break;
      case '--side': o.side = side(value); break;
      case '--perturb':
        o.perturb = Number(value);
        if (!(o.perturb >= 0)) throw new Error(`--perturb: expected a number >= 0, got ${String(value)}`);
        break;
      case '--out': o.out = String(value); break;
      case '--tag': o.tag = String(value); break;
      default: throw new Error(`unknown option ${flag} (--help lists them)`);
    }
  }
  if (o.side === 'ours' && (o.init !== 'ours' || o.order !== 'ours')) throw new Error('--side ours: needs --init ours --order ours (nothing else draws them)');
  return o;
}

/** The default file name of a run's summary. */
export function tagOf(o: Options, totalSteps: number): string {
  const length = o.epochs ? `e${o.epochs}` : `s${totalSteps}`;
  const perturb = o.perturb ? `-perturb${o.perturb}` : '';
  const only = o.side === 'both' ? '' : `-${o.side}-only`;
  return o.tag ?? `lockstep-${o.encoder.join('-')}-init-${o.init}-order-${o.order}-${length}-seed${o.seed}${perturb}${only}`;
}
