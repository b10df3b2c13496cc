/**
 * tfjs-layers' own layer classes, which the package exports only as factories: the faster layers
 * (batch-norm-layer.ts, dense-layer.ts) extend them and keep their class names, configs and weights.
 */
import * as tf from '@tensorflow/tfjs';

/** Keyword arguments of a layer's call. */
export type Kwargs = Record<string, unknown>;

/** The class tfjs-layers registered under `className` (e.g. 'Dense'). */
export function stockLayerClass(className: string): typeof tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers has no ${className} class registered`);
  return entry[0] as unknown as typeof tf.layers.Layer;
}
