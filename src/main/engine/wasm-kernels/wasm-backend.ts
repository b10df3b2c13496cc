/**
 * The slice of @tensorflow/tfjs-backend-wasm's BackendWasm that the replacement kernels use, and
 * small helpers around it. The package does not export the class type from its entry point, so we
 * describe the members we rely on (all public in 4.22) instead of importing from dist/ internals.
 */
import * as tf from '@tensorflow/tfjs';

/** A tensor as kernels see it: a data id plus shape and dtype, no ownership. */
export type TensorInfo = tf.TensorInfo;

/** Public members of tfjs-backend-wasm 4.22's BackendWasm used here. */
export interface WasmBackend {
  /** Allocates an output tensor on the wasm heap (may grow the heap: re-take views afterwards). */
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  /** Zero-copy typed view of a tensor's bytes in the wasm heap; invalidated by any allocation. */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Drops one reference to the data; frees heap memory and cached XNNPACK operators at zero. */
  disposeData(dataId: object, force?: boolean): boolean;
  /** Adds a reference (what the stock Reshape kernel does to alias data). */
  incRef(dataId: object): void;
  /** Copies values out of the heap (the stock Slice's mistake was calling this on whole inputs). */
  readSync(dataId: object, start?: number, end?: number): tf.backend_util.BackendValues;
}

/** Kernel function signature with the wasm backend made explicit. */
export type WasmKernelFunc = (args: {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs?: tf.NamedAttrMap;
}) => TensorInfo | TensorInfo[];

/** A stock wasm kernel captured before we replace or call it. */
export interface StockKernel {
  kernelFunc: WasmKernelFunc;
  setupFunc?: (backend: object) => void;
}

/** Looks up the kernel currently registered for 'wasm', failing loudly if the package lacks it. */
export function stockKernel(name: string): StockKernel {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) {
    throw new Error(
      `wasm-kernels: the wasm backend has no '${name}' kernel registered; ` +
        `import '@tensorflow/tfjs-backend-wasm' before installing the replacement kernels`,
    );
  }
  return {
    kernelFunc: config.kernelFunc as unknown as WasmKernelFunc,
    setupFunc: config.setupFunc as ((backend: object) => void) | undefined,
  };
}

/** Runs a kernel that returns a single tensor. */
export function runSingle(
  kernel: StockKernel,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): TensorInfo {
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('wasm-kernels: expected a single-output kernel');
  return out;
}

/** Same data under another shape; the caller must dispose it (it holds a reference). */
export function reshapeInfo(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Float32 view of a tensor's heap bytes. Take it after the last allocation that precedes its use. */
export function f32View(backend: WasmBackend, x: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(x);
  if (!(view instanceof Float32Array)) {
    throw new Error(`wasm-kernels: expected a float32 tensor, got ${x.dtype}`);
  }
  return view;
}

/** Product of the dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}
