/**
 * Remembers the stock wasm kernels that the replacements call into. A replaced kernel's original
 * must be captured (by calling `original`) before it is unregistered, which index.ts does; kernels
 * we never replace (Transpose, Conv2D, Add, ...) are looked up on first use and cached.
 */
import { stockKernel, type StockKernel } from './wasm-backend.js';

const originals = new Map<string, StockKernel>();

/** The stock wasm kernel for `name`, as it was before any replacement. */
export function original(name: string): StockKernel {
  let kernel = originals.get(name);
  if (kernel === undefined) {
    kernel = stockKernel(name);
    originals.set(name, kernel);
  }
  return kernel;
}
