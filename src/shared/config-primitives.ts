/**
 * Schemas of the values several parts of a run config share (activations, losses, initialisation,
 * conv blocks). Apart from config.ts so that each model kind's schema (src/shared/kinds/) can use them.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';

/** Hidden-layer activations. "linear" means no activation at all (the PCA-like case). */
export const activationSchema = z.enum(['relu', 'leakyRelu', 'tanh', 'sigmoid', 'linear']);
export type Activation = z.infer<typeof activationSchema>;

export const outputActivationSchema = z.enum(['sigmoid', 'linear']);
export type OutputActivation = z.infer<typeof outputActivationSchema>;

export const lossSchema = z.enum(['mse', 'bce', 'mae']);
export type LossName = z.infer<typeof lossSchema>;

/**
 * Initialisation of the Dense, Conv2D and Conv2DTranspose layers.
 * - `glorotUniform`: Keras' and tfjs' default: kernels uniform in ±sqrt(6 / (fan_in + fan_out)), zero biases.
 * - `torch`: PyTorch's default for nn.Linear, nn.Conv2d and nn.ConvTranspose2d: kernels AND biases uniform in
 *   ±1/sqrt(fan_in), where fan_in is in_features (Linear), in_channels·kh·kw (Conv2d), and, as PyTorch reads it
 *   from dimension 1 of the transposed weight, out_channels·kh·kw (ConvTranspose2d).
 */
export const initSchema = z.enum(['glorotUniform', 'torch']);
export type InitName = z.infer<typeof initSchema>;
/** The `init` field every model kind has. */
export const initField = initSchema.default('glorotUniform');

/** One stride-2 Conv2D block of a convolutional encoder. */
export const convBlockSchema = z.strictObject({
  filters: z.number().int().positive(),
  kernel: z.number().int().positive().default(3),
});
export type ConvBlockConfig = z.infer<typeof convBlockSchema>;
