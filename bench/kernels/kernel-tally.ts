/**
 * Per-kernel CPU time of the wasm backend, shared by profile.ts and profile-step.ts: every
 * registered wasm kernel is re-registered wrapped in a CPU-time counter. Time inside nested kernel
 * calls counts for the outer kernel too, so "self" subtracts it.
 */
import * as tf from '@tensorflow/tfjs';

export interface Tally { calls: number; totalUs: number; selfUs: number }

/** CPU time of this process (user + system, BLAS threads included), in microseconds. */
export function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * The kernels' clock: CPU time by default, wall time with PROFILE_CLOCK=wall (CPU time counts a
 * kernel that runs on both cores twice, and the BLAS worker's spinning into whichever kernel runs).
 */
const kernelClock = process.env.PROFILE_CLOCK === 'wall' ? (): number => performance.now() * 1000 : cpuUs;

/** The counters of one profile: install them, turn them on and off, read and print them. */
export class KernelTally {
  readonly tallies = new Map<string, Tally>();
  /** Counting is on; while off, the wrapped kernels only call through. */
  counting = true;
  private childUs = 0;
  /** Call sites of the traced kernels: condensed stack -> calls. */
  readonly sites = new Map<string, number>();

  /**
   * byShape: one row per kernel and input shapes (to find where element-wise ops come from).
   * traced: kernel names whose calls are also counted by call site (the first frames outside tfjs-core).
   */
  constructor(
    private readonly byShape = false,
    private readonly traced: ReadonlySet<string> = new Set(),
  ) {
    // Call sites sit below tfjs' engine frames: keep enough of the stack to reach them.
    if (traced.size > 0) Error.stackTraceLimit = 60;
  }

  /** Re-registers every wasm kernel wrapped in the counter (after the replacement kernels are installed). */
  instrument(): void {
    for (const config of tf.getKernelsForBackend('wasm')) {
      const inner = config.kernelFunc;
      const name = config.kernelName;
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel({
        ...config,
        kernelFunc: (args) => {
          if (!this.counting) return inner(args);
          const outerChild = this.childUs;
          this.childUs = 0;
          const start = kernelClock();
          const out = inner(args);
          const spent = kernelClock() - start;
          const key = this.byShape
            ? `${name} ${Object.values(args.inputs).map((i) => `[${(i as tf.TensorInfo | undefined)?.shape ?? '-'}]`).join('')}`
            : name;
          const t = this.tallies.get(key) ?? { calls: 0, totalUs: 0, selfUs: 0 };
          t.calls++;
          t.totalUs += spent;
          t.selfUs += spent - this.childUs;
          this.tallies.set(key, t);
          if (this.traced.has(name)) this.countSite(name);
          this.childUs = outerChild + spent;
          return out;
        },
      });
    }
  }

  private countSite(name: string): void {
    const frames = (new Error().stack ?? '').split('\n').slice(1).map((line) => line.trim());
    const outside = frames.filter((f) => !f.includes('tfjs-core') && !f.includes('kernel-tally') && !f.includes('node:internal') && !f.includes('<anonymous>'));
    const site = `${name} ← ${outside.slice(0, 4).map((f) => f.replace(/^at /, '').replace(/\(.*node_modules\//, '(').replace(/\(.*\/(src|bench)\//, '($1/')).join(' ← ')}`;
    this.sites.set(site, (this.sites.get(site) ?? 0) + 1);
  }

  /** Prints the call sites of the traced kernels, most frequent first, per step. */
  printSites(steps: number, top: number): void {
    for (const [site, calls] of [...this.sites.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(calls / steps).toFixed(1).padStart(6)}  ${site}`);
    }
  }

  /** Self time of all kernels per step, in microseconds. */
  kernelUsPerStep(steps: number): number {
    return [...this.tallies.values()].reduce((s, t) => s + t.selfUs, 0) / steps;
  }

  /** Prints the `top` kernels by self time per step, calls with `callDigits` and times with `msDigits` decimals. */
  print(steps: number, top: number, callDigits: number, msDigits: number): void {
    const width = this.byShape ? 60 : 24;
    console.log(`${'kernel'.padEnd(width)} calls/step  self ms/step  total ms/step`);
    for (const [name, t] of [...this.tallies.entries()].sort((a, b) => b[1].selfUs - a[1].selfUs).slice(0, top)) {
      console.log(
        `${name.padEnd(width)} ${(t.calls / steps).toFixed(callDigits).padStart(10)}  ${(t.selfUs / steps / 1000).toFixed(msDigits).padStart(12)}  ${(t.totalUs / steps / 1000).toFixed(msDigits).padStart(13)}`,
      );
    }
  }
}
