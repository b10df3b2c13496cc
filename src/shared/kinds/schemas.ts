/**
 * The config schema of every model kind, in the order the model union lists them.
 * A new kind adds its schema here and its spec in registry.ts.
 */
import { convModelSchema } from './conv.js';
import { cvaeModelSchema } from './cvae.js';
import { denseModelSchema } from './dense.js';
import { ganModelSchema } from './gan.js';
import { vaeModelSchema } from './vae.js';

export const MODEL_SCHEMAS = [denseModelSchema, convModelSchema, vaeModelSchema, ganModelSchema, cvaeModelSchema] as const;
