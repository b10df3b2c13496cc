/**
 * Schemas of the values several parts of a run config share (activations, losses, conv blocks).
 * Apart from config.ts so that each model kind's schema (src/shared/kinds/) can use them.
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

/** One stride-2 Conv2D block of a convolutional encoder. */
export const convBlockSchema = z.object({
  filters: z.number().int().positive(),
  kernel: z.number().int().positive().default(3),
});

export type ConvBlockConfig = z.infer<typeof convBlockSchema>;
