/**
 * Anomaly-detection presets: an autoencoder trained on normal data only, each sample scored by
 * its reconstruction error. Registry labels are 0-based in class order, so ECG5000's class 1
 * (normal beats) is label 0, and MNIST's digit 0 and Fashion-MNIST's T-shirt/top are label 0.
 */
import { definePreset as preset, type PresetDefinition } from './define.js';

const oneClass = (id: string, title: string, className: string): PresetDefinition =>
  preset(
    `${id}-one-class-0`,
    `${title} one-class anomaly detection (${className} normal)`,
    `Trains a dense 784-128-32-128-784 autoencoder (ReLU, sigmoid output, MSE, Adam 1e-3, batch 128) on the ` +
      `${className} training images only; every test image is then scored by its reconstruction MSE, the other ` +
      `nine classes being the anomalies. Threshold: the 95th percentile of the normal training errors.`,
    {
      dataset: { id },
      model: { kind: 'dense', encoder: [128, 32], activation: 'relu', outputActivation: 'sigmoid' },
      training: { epochs: 10, batchSize: 128, loss: 'mse', optimizer: { name: 'adam', learningRate: 1e-3 } },
      anomaly: { normalClasses: [0], score: 'mse', threshold: { mode: 'percentile', percentile: 95 } },
    },
  );

export const ANOMALY_PRESETS: readonly PresetDefinition[] = [
  preset(
    'ecg5000-anomaly',
    'ECG5000 heartbeat anomaly detection',
    'A dense 140-32-16-8-16-32-140 autoencoder (ReLU, sigmoid output) learns the normal heartbeats of ECG5000 ' +
      '(UCR class 1) with the mean absolute error, Adam 1e-3, batch 32; every test beat is scored by its MAE and ' +
      'the four arrhythmia classes are the anomalies. Threshold: mean + 2 σ of the normal training errors. ' +
      'ECG5000 comes from the UCR archive: download it, or import ECG5000_TRAIN.txt and ECG5000_TEST.txt.',
    {
      dataset: { id: 'ecg5000', valFraction: 0.1 },
      model: { kind: 'dense', encoder: [32, 16, 8], activation: 'relu', outputActivation: 'sigmoid' },
      training: { epochs: 40, batchSize: 32, loss: 'mae', optimizer: { name: 'adam', learningRate: 1e-3 } },
      anomaly: { normalClasses: [0], score: 'mae', threshold: { mode: 'meanStd', k: 2 } },
    },
  ),
  oneClass('mnist', 'MNIST', 'digit 0'),
  oneClass('fashion-mnist', 'Fashion-MNIST', 'T-shirt/top'),
];
