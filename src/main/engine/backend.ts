/**
 * Compute backend selection: tensorflow (tfjs-node-gpu) → tensorflow (tfjs-node) → wasm → cpu.
 *
 * Plain Node (no electron): runs in the training worker and in the CLI. The native packages are
 * optional dependencies, so each candidate is loaded with a dynamic import inside try/catch and a
 * skipped candidate is recorded with a short reason. A forced backend never falls back silently.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendReport } from '../../shared/api.js';
import { installFastGradients } from './gradients.js';
import { nativeBlasStatus } from './wasm-kernels/blas.js';
import { installWasmKernels } from './wasm-kernels/index.js';

/** One way of getting a backend: which tfjs backend name it registers and which package provides it. */
interface Candidate {
  backend: BackendName;
  package: string;
  gpu: boolean;
}

/** Preference order for `auto`. */
export const BACKEND_CANDIDATES: readonly Candidate[] = [
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', gpu: true },
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node', gpu: false },
  { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', gpu: false },
  { backend: 'cpu', package: '@tensorflow/tfjs', gpu: false },
];

/** Availability of one backend on this machine, as shown in AppInfo.backends. */
export interface BackendProbe {
  name: BackendName;
  package: string;
  available: boolean;
  reason: string | null;
}

/** Thrown when a forced backend cannot be loaded. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

// Importing a package is a one-off per process; remember the outcome (null = loaded fine).
const importOutcome = new Map<string, Promise<string | null>>();

/** Short human reason for a failed import. */
function describeImportFailure(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = String(e?.message ?? err);
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') {
    // Only "not installed" when it is the package itself that is missing, not one of its files.
    if (/Cannot find (package|module) '@tensorflow\/tfjs-(node|node-gpu|backend-wasm)'/.test(message)) {
      return 'package not installed';
    }
  }
  const firstLine = message.split('\n')[0]?.trim() ?? message;
  return `failed to load: ${firstLine.slice(0, 300)}`;
}

/** Imports a backend package once; resolves to null on success or the reason it failed. */
function importPackage(pkg: string): Promise<string | null> {
  let outcome = importOutcome.get(pkg);
  if (!outcome) {
    // A variable specifier keeps TypeScript and bundlers from resolving the optional packages.
    const specifier: string = pkg;
    outcome = import(specifier).then(
      () => null,
      (err: unknown) => {
        const reason = describeImportFailure(err);
        return pkg.includes('tfjs-node') && reason.startsWith('failed') ? `libtensorflow ${reason}` : reason;
      },
    );
    importOutcome.set(pkg, outcome);
  }
  return outcome;
}

/**
 * Tries to make one candidate the active backend.
 * Resolves to null when it is active, or to the reason it could not be used.
 */
async function activate(candidate: Candidate): Promise<string | null> {
  if (candidate.backend === 'tensorflow') {
    // tfjs-node and tfjs-node-gpu both register "tensorflow"; once one is loaded the other must not be.
    const other = BACKEND_CANDIDATES.find((c) => c.backend === 'tensorflow' && c.package !== candidate.package)!;
    if (tf.findBackendFactory('tensorflow') && (await importOutcome.get(other.package)) === null) {
      return `${other.package} is already loaded in this process`;
    }
  }
  if (candidate.package !== '@tensorflow/tfjs') {
    const reason = await importPackage(candidate.package);
    if (reason) return reason;
  }
  if (!tf.findBackendFactory(candidate.backend)) {
    return `the package loaded but did not register the "${candidate.backend}" backend (duplicate @tensorflow/tfjs-core?)`;
  }
  try {
    const ok = await tf.setBackend(candidate.backend);
    if (!ok) return `the "${candidate.backend}" backend failed to initialise`;
  } catch (err) {
    return `the "${candidate.backend}" backend failed to initialise: ${(err as Error).message}`;
  }
  await tf.ready();
  return null;
}

/**
 * Selects and activates the compute backend.
 *
 * `auto` walks BACKEND_CANDIDATES in order; a named backend is forced and throws a BackendError
 * naming it and the reason when it cannot be loaded. When wasm is chosen, Latent Lab's extra wasm
 * kernels are installed (they make conv autoencoders trainable there).
 */
export async function initBackend(
  preference: 'auto' | BackendName,
): Promise<{ tf: typeof import('@tensorflow/tfjs'); report: BackendReport }> {
  const candidates = preference === 'auto' ? BACKEND_CANDIDATES : BACKEND_CANDIDATES.filter((c) => c.backend === preference);
  if (candidates.length === 0) {
    throw new BackendError(`unknown backend "${String(preference)}"; expected auto, tensorflow, wasm or cpu`);
  }
  const skipped: BackendReport['skipped'] = [];
  for (const candidate of candidates) {
    const reason = await activate(candidate);
    if (reason === null) {
      installFastGradients();
      const report: BackendReport = { backend: candidate.backend, package: candidate.package, gpu: candidate.gpu, skipped };
      if (candidate.backend === 'wasm') {
        installWasmKernels();
        report.description = describeWasm();
      }
      return { tf, report };
    }
    skipped.push({ candidate: `${candidate.backend} (${candidate.package})`, reason });
  }
  if (preference === 'auto') {
    // Unreachable in practice: the cpu backend ships inside @tensorflow/tfjs.
    throw new BackendError(`no compute backend could be loaded: ${skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ')}`);
  }
  throw new BackendError(
    `backend "${preference}" was forced but cannot be loaded: ${skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ')}`,
  );
}

/** `wasm+blas (OpenBLAS 0.3.21, 2 threads)`, or `wasm (why the native kernels are not used)`. */
export function describeWasm(): string {
  const native = nativeBlasStatus();
  return native.active ? `wasm+blas (${native.detail})` : `wasm (${native.detail})`;
}

/**
 * Reports which backends this machine can load, with a reason for the others.
 *
 * Does not switch the active backend: packages are imported (which only registers their backend)
 * and checked for a registered factory. `tensorflow` is available when either tfjs-node package is.
 */
export async function probeBackends(): Promise<BackendProbe[]> {
  const probe = async (candidate: Candidate): Promise<string | null> => {
    const reason = candidate.package === '@tensorflow/tfjs' ? null : await importPackage(candidate.package);
    if (reason === null && !tf.findBackendFactory(candidate.backend)) {
      return `the package loaded but did not register the "${candidate.backend}" backend`;
    }
    return reason;
  };
  const [gpu, node, wasm, cpu] = BACKEND_CANDIDATES as [Candidate, Candidate, Candidate, Candidate];
  // Both native packages register "tensorflow": never load the CPU one once the GPU one loaded.
  const gpuReason = await probe(gpu);
  const tensorflow: BackendProbe =
    gpuReason === null
      ? { name: 'tensorflow', package: gpu.package, available: true, reason: null }
      : await probe(node).then((nodeReason) => ({
          name: 'tensorflow' as const,
          package: node.package,
          available: nodeReason === null,
          reason: nodeReason === null ? null : `${gpu.package}: ${gpuReason}; ${node.package}: ${nodeReason}`,
        }));
  const others = await Promise.all(
    [wasm, cpu].map(async (c) => {
      const reason = await probe(c);
      return { name: c.backend, package: c.package, available: reason === null, reason };
    }),
  );
  return [tensorflow, ...others];
}
