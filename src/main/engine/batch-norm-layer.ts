/**
 * tfjs-layers' BatchNormalization with a faster training step on wasm with the native addon
 * (issue 10). In training the stock layer computes tf.moments (Mean, Cast, Sub, Square, Mean) and
 * tf.batchNorm, and the gradient flows back through all of them: about ten full-size passes
 * forward and fifteen backward per layer, the largest element-wise cost of conv and DCGAN steps.
 * Here, when the last axis is the one normalised and the kernels are available, the training
 * call runs one kernel (LatentLabBatchNormTrain: the batch moments and the normalisation, three
 * passes) whose gradient (LatentLabBatchNormTrainGrad, two passes) includes the moments'. The
 * moving averages are updated with the stock layer's own ops. Everything else (inference, other
 * axes, other backends, no addon) is the stock layer's call, and the class name, config and
 * weights are the stock layer's: saved models are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { stockLayerClass, type Kwargs } from './stock-layer.js';
import { BATCH_NORM_TRAIN_KERNEL, batchNormTrainingAvailable, perChannel } from './wasm-kernels/batch-norm.js';

type BatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

interface LayerVariable {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

/** The stock layer's fields the training call reads (public in tfjs-layers 4.22's BatchNormalization). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariable;
  beta: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

const StockBatchNormalization = stockLayerClass('BatchNormalization');

export class FastBatchNormalization extends StockBatchNormalization {
  /** The stock class name: topology, latent.ts' layer-type checks and saved models see a BatchNormalization. */
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || input === undefined || !this.fastPathFits(input)) return super.call(inputs, kwargs);
    const layer = this as unknown as BatchNormFields;
    return tf.tidy(() => {
      const gamma = layer.gamma.read();
      const beta = layer.beta.read();
      const [normed, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x: input, scale: gamma, offset: beta }, { varianceEpsilon: layer.epsilon }) as tf.Tensor[];
      // The stock layer's moving-average update, op for op.
      const doMovingAverage = (variable: LayerVariable, value: tf.Tensor, momentum: number) => {
        tf.tidy(() => {
          const decay = 1 - momentum;
          const origValue = variable.read();
          const updateDelta = tf.mul(tf.sub(origValue, value), decay);
          variable.write(tf.sub(origValue, updateDelta));
        });
      };
      doMovingAverage(layer.movingMean, mean!, layer.momentum);
      doMovingAverage(layer.movingVariance, variance!, layer.momentum);
      return normed!;
    });
  }

  private fastPathFits(input: tf.Tensor): boolean {
    const layer = this as unknown as BatchNormFields;
    const axis = layer.axis >= 0 ? layer.axis : layer.axis + input.rank;
    if (axis !== input.rank - 1 || input.rank < 2 || !layer.center || !layer.scale || !batchNormTrainingAvailable()) return false;
    const vector = (v: LayerVariable) => v.read() as tf.TensorInfo;
    return perChannel(input, [vector(layer.gamma), vector(layer.beta)]) !== null;
  }
}

/** A BatchNormalization layer (drop-in for tf.layers.batchNormalization). */
export function batchNormalization(args: BatchNormArgs = {}): tf.layers.Layer {
  return new FastBatchNormalization(args as tf.serialization.ConfigDict as never);
}
