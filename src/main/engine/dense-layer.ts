/**
 * tfjs-layers' Dense with a cheaper call on wasm with the native addon (issue 10, per-step
 * overhead). The stock call, under a gradient tape, runs matMul, Add and the activation as three
 * ops with their reshapes and tape entries, and their gradients as about six more; for a dense
 * autoencoder at batch 128 that bookkeeping was a third of the step. Here a 2-D float32 input
 * with a linear, ReLU or sigmoid activation runs one op (LatentLabDense, wasm-kernels/dense.ts)
 * whose gradient (../gradients.ts) is the activation's gradient and the products the tape needs.
 * The values are the stock call's bit for bit (the same GEMM, bias add and activation kernels).
 *
 * Everything else (other activations, other ranks, other backends, no addon, the stock-gradient
 * bench mode) is the stock call, and the class name, config and weights are the stock layer's:
 * saved models are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { stockLayerClass, type Kwargs } from './stock-layer.js';
import { fusedOpUsable } from './gradients.js';
import { DENSE_ACTIVATIONS, DENSE_KERNEL, denseAddonLoaded, type DenseAttrs } from './wasm-kernels/dense.js';

type DenseArgs = Parameters<typeof tf.layers.dense>[0];

interface LayerVariable {
  read(): tf.Tensor;
}

/** The stock layer's fields the call reads (private in tfjs-layers 4.22's typings, plain fields at run time). */
interface DenseFields {
  activation: { getClassName(): string };
  kernel: LayerVariable;
  bias: LayerVariable | null;
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): void;
}

const StockDense = stockLayerClass('Dense');

export class FastDense extends StockDense {
  /** The stock class name: topology, layer-type checks and saved models see a Dense. */
  static className = 'Dense';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const layer = this as unknown as DenseFields;
    const activation = layer.activation.getClassName();
    if (input === undefined || input.rank !== 2 || input.dtype !== 'float32' || !DENSE_ACTIVATIONS.has(activation) || !fastDenseAvailable()) {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      layer.invokeCallHook(inputs, kwargs);
      const operands: tf.NamedTensorMap = { x: input, w: layer.kernel.read() };
      if (layer.bias) operands.bias = layer.bias.read();
      const attrs: DenseAttrs = { activation: activation as DenseAttrs['activation'] };
      return tf.engine().runKernel(DENSE_KERNEL, operands, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    });
  }
}

function fastDenseAvailable(): boolean {
  return fusedOpUsable(DENSE_KERNEL) && denseAddonLoaded();
}

/** A Dense layer (drop-in for tf.layers.dense). */
export function dense(args: DenseArgs): tf.layers.Layer {
  return new FastDense(args as unknown as tf.serialization.ConfigDict as never);
}
