/**
 * Shared helpers for the kernel benchmarks: time one op on wasm with the stock kernels and with
 * Latent Lab's replacements, on the same inputs, and print one line per op.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmKernels, uninstallWasmKernels } from '../../src/main/engine/wasm-kernels/index.js';

/** Puts the wasm backend in place (stock kernels until `useKernels`). */
export async function initWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}

/** Switches between the stock and the replacement kernels. */
export function useKernels(which: 'stock' | 'replaced'): void {
  if (which === 'replaced') installWasmKernels();
  else uninstallWasmKernels();
}

/**
 * Mean CPU milliseconds (user + system of this process) per call over `reps` calls after one
 * warm-up. CPU time rather than wall time because the machines this runs
 * on are shared: wall time swings 2-4x with other load, the single wasm thread's CPU time does not.
 */
export function msPerCall(run: () => tf.Tensor | tf.Tensor[], reps: number): number {
  // No read-back: wasm kernels run synchronously, and dataSync() of a large output costs more
  // than many of the kernels measured here.
  const once = () => tf.dispose(tf.tidy(run));
  once();
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) once();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / reps;
}

/** Times `run` with stock kernels then with replacements and prints "name  stock  replaced  speed-up". */
export function compare(name: string, run: () => tf.Tensor | tf.Tensor[], reps: { stock: number; replaced: number }): void {
  let stock = Number.NaN;
  useKernels('stock');
  try {
    stock = msPerCall(run, reps.stock);
  } catch (e) {
    stock = Number.NaN;
    console.log(`  (stock ${name}: ${(e as Error).message.split('\n')[0]})`);
  }
  useKernels('replaced');
  const replaced = msPerCall(run, reps.replaced);
  const speedUp = Number.isNaN(stock) ? 'stock fails' : `${(stock / replaced).toFixed(1)}x`;
  console.log(
    `${name.padEnd(46)} ${Number.isNaN(stock) ? '     n/a' : stock.toFixed(2).padStart(8)} ms ${replaced.toFixed(2).padStart(8)} ms  ${speedUp}`,
  );
}

/** Header for the compare() lines. */
export function header(title: string): void {
  console.log(`\n${title}\n${'op'.padEnd(46)}    stock       replaced   speed-up`);
}
