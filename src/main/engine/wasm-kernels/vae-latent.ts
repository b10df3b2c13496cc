/**
 * A VAE's latent step of training in one op each way (LatentLabVaeLatent / LatentLabVaeLatentGrad,
 * for ../kinds/vae/vae-math.ts on wasm): from the posterior's mean μ and log-variance λ (both
 * [batch, latent]) and the noise ε, the sample z = μ + exp(λ/2)·ε and the KL to N(0, I) of each
 * latent dimension averaged over the batch, ½(μ² + exp(λ) − 1 − λ). tfjs ran about ten ops on
 * these small tensors forward and fifteen backward, each a dispatch and tape entry that cost far
 * more than its arithmetic. The loops are JavaScript over the heap views (a few thousand values).
 *
 * Forward, z is computed in float32 step by step as the ops compute it, and the KL is summed in
 * doubles per dimension as the Mean kernel sums it; the exponential is Math.exp rounded to float32
 * (the wasm Exp kernel may differ in the last bit). The gradient is the exact derivative:
 *   dμ = dz + dkl/B · μ
 *   dλ = dz · ε · ½exp(λ/2) + dkl/B · ½(exp(λ) − 1)
 */
import { f32View, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

export const VAE_LATENT_KERNEL = 'LatentLabVaeLatent';
export const VAE_LATENT_GRAD_KERNEL = 'LatentLabVaeLatentGrad';

const f = Math.fround;
type F32x5 = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

function latentShape(kernel: string, inputs: Record<string, TensorInfo | undefined>, names: string[]): [number, number] {
  const first = inputs[names[0]!]!;
  if (first.shape.length !== 2) throw new Error(`${kernel}: needs [batch, latent] inputs, got [${first.shape}]`);
  for (const name of names) {
    const t = inputs[name];
    if (!t || t.dtype !== 'float32' || t.shape.length !== 2 || t.shape[0] !== first.shape[0] || t.shape[1] !== first.shape[1]) {
      throw new Error(`${kernel}: ${name} must be float32 [${first.shape}], got ${t ? `${t.dtype} [${t.shape}]` : 'nothing'}`);
    }
  }
  return first.shape as [number, number];
}

/** inputs mean, logVar, epsilon ([batch, latent]) → [z [batch, latent], klByDim [latent]]. */
export const vaeLatent: WasmKernelFunc = ({ inputs, backend }) => {
  const [batch, latent] = latentShape(VAE_LATENT_KERNEL, inputs, ['mean', 'logVar', 'epsilon']);
  const zOut = backend.makeOutput([batch, latent], 'float32');
  const klOut = backend.makeOutput([latent], 'float32');
  const [mean, logVar, epsilon, z, kl] = [inputs.mean!, inputs.logVar!, inputs.epsilon!, zOut, klOut].map((t) => f32View(backend, t)) as F32x5;
  const sums = new Float64Array(latent);
  for (let b = 0, i = 0; b < batch; b++) {
    for (let d = 0; d < latent; d++, i++) {
      const mu = mean[i]!;
      const lv = logVar[i]!;
      z[i] = mu + f(f(Math.exp(f(lv * 0.5))) * epsilon[i]!);
      sums[d] += f(0.5 * f(f(f(mu * mu) + f(Math.exp(lv))) - f(1 + lv)));
    }
  }
  for (let d = 0; d < latent; d++) kl[d] = sums[d]! * (1 / batch);
  return [zOut, klOut];
};

/** inputs mean, logVar, epsilon, dz ([batch, latent]) and dkl ([latent]) → [dmean, dlogVar]. */
export const vaeLatentGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const [batch, latent] = latentShape(VAE_LATENT_GRAD_KERNEL, inputs, ['mean', 'logVar', 'epsilon', 'dz']);
  const dMeanOut = backend.makeOutput([batch, latent], 'float32');
  const dLogVarOut = backend.makeOutput([batch, latent], 'float32');
  const [mean, logVar, epsilon, dz, dkl, dMean, dLogVar] = [inputs.mean!, inputs.logVar!, inputs.epsilon!, inputs.dz!, inputs.dkl!, dMeanOut, dLogVarOut].map((t) =>
    f32View(backend, t),
  ) as [...F32x5, Float32Array, Float32Array];
  if (dkl.length !== latent) throw new Error(`${VAE_LATENT_GRAD_KERNEL}: dkl must be [${latent}], got ${dkl.length} values`);
  for (let b = 0, i = 0; b < batch; b++) {
    for (let d = 0; d < latent; d++, i++) {
      const klScale = dkl[d]! / batch;
      const lv = logVar[i]!;
      dMean[i] = dz[i]! + klScale * mean[i]!;
      dLogVar[i] = dz[i]! * epsilon[i]! * 0.5 * Math.exp(lv * 0.5) + klScale * 0.5 * (Math.exp(lv) - 1);
    }
  }
  return [dMeanOut, dLogVarOut];
};
