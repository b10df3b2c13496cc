import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { RunConfigError, runConfigProblems, type DatasetFacts } from '../../../../src/shared/kinds/check-run-config.js';

const MNIST: DatasetFacts = { id: 'mnist', binary: false, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
const FONT: DatasetFacts = { id: 'font5x7', binary: true, classNames: [] };

const GAN: RunConfigInput['model'] = { kind: 'gan', latent: 4 };
const DENSE: RunConfigInput['model'] = { kind: 'dense', encoder: [8, 2] };

function config(model: RunConfigInput['model'], extra: Partial<RunConfigInput> = {}, training: Partial<RunConfigInput['training']> = {}) {
  return parseRunConfig({ dataset: { id: 'mnist' }, model, training: { epochs: 1, batchSize: 8, optimizer: { name: 'adam', learningRate: 0.001 }, ...training }, ...extra });
}

describe('runConfigProblems', () => {
  it('accepts a config every part of which the kind supports', () => {
    const denoisingAnomaly = config(DENSE, { denoising: { corruption: { kind: 'gaussian', sigma: 0.2 } }, anomaly: { normalClasses: [1] } }, { stopWhen: { metric: 'psnr', atMost: 0 } });
    expect(runConfigProblems(denoisingAnomaly, MNIST)).toEqual([]);
    expect(runConfigProblems(config(GAN, {}, { stopWhen: { metric: 'discriminatorLoss', atMost: 1 } }), MNIST)).toEqual([]);
  });

  it('refuses a stopWhen metric the kind does not record, or one only binary data has', () => {
    expect(runConfigProblems(config(GAN, {}, { stopWhen: { metric: 'mse', atMost: 0 } }), MNIST)).toEqual([
      {
        path: 'training.stopWhen.metric',
        message: 'a GAN records loss, discriminatorLoss, generatorLoss, not "mse"',
        reason: {
          code: 'stopMetricNotRecorded',
          params: { path: 'training.stopWhen.metric', metric: 'mse', kind: 'gan', recorded: 'loss, discriminatorLoss, generatorLoss' },
        },
      },
    ]);
    expect(runConfigProblems(config(DENSE, {}, { stopWhen: { metric: 'kl', atMost: 0 } }), MNIST)[0]!.message).toMatch(/^a dense autoencoder records loss, mse, .*, not "kl"$/);
    expect(runConfigProblems(config(DENSE, {}, { stopWhen: { metric: 'maxWrongPixels', atMost: 0 } }), MNIST)[0]!.message).toBe(
      '"maxWrongPixels" is only computed for binary datasets, and mnist is not binary',
    );
    expect(runConfigProblems(config(DENSE, {}, { stopWhen: { metric: 'maxWrongPixels', atMost: 0 } }), FONT)).toEqual([]);
  });

  it('refuses denoising and anomaly detection for a kind that reconstructs nothing, naming each', () => {
    const problems = runConfigProblems(config(GAN, { denoising: { corruption: { kind: 'mask', fraction: 0.2 } }, anomaly: { normalClasses: [0] } }), MNIST);
    expect(problems.map((p) => p.path)).toEqual(['denoising', 'anomaly']);
    expect(new RunConfigError(problems).message).toMatch(/^denoising: .*a GAN reconstructs nothing; anomaly: anomaly detection scores reconstructions, and a GAN reconstructs nothing/);
  });

  it('refuses anomaly settings the dataset cannot serve', () => {
    expect(runConfigProblems(config(DENSE, { anomaly: { normalClasses: [0] } }), FONT)[0]!.message).toBe('anomaly detection needs class labels, and dataset font5x7 has none');
    expect(runConfigProblems(config(DENSE, { anomaly: { normalClasses: [12] } }), MNIST)[0]).toEqual({
      path: 'anomaly.normalClasses',
      message: 'dataset mnist has classes 0..9; no class 12',
      reason: { code: 'anomalyUnknownClasses', params: { path: 'anomaly.normalClasses', dataset: 'mnist', last: 9, classes: '12' } },
    });
    const allNormal = config(DENSE, { dataset: { id: 'mnist', classes: [1, 2] }, anomaly: { normalClasses: [1, 2] } });
    expect(runConfigProblems(allNormal, MNIST)[0]!.message).toMatch(/every class of mnist the run uses is normal/);
  });
});

describe('runConfigProblems of a conditional VAE', () => {
  const CVAE: RunConfigInput['model'] = { kind: 'cvae', classes: 10, latent: 2 };

  it('accepts a labelled dataset of its class count', () => {
    expect(runConfigProblems(config(CVAE), MNIST)).toEqual([]);
  });

  it('refuses a dataset without labels, and a class count that is not the dataset’s', () => {
    expect(runConfigProblems(config(CVAE), FONT)).toEqual([
      {
        path: 'model.kind',
        message: 'a conditional VAE is conditioned on class labels, and dataset font5x7 has none: pick a labelled dataset or another model kind',
        reason: { code: 'conditioningNeedsLabels', params: { path: 'model.kind', kind: 'cvae', dataset: 'font5x7' } },
      },
    ]);
    expect(runConfigProblems(config({ ...CVAE, classes: 5 }), MNIST)).toEqual([
      {
        path: 'model.classes',
        message: 'dataset mnist has 10 classes, so a conditional VAE on it needs model.classes 10, not 5',
        reason: { code: 'conditioningClassCount', params: { path: 'model.classes', kind: 'cvae', dataset: 'mnist', classes: 10, configured: 5 } },
      },
    ]);
  });

  it('refuses denoising and anomaly settings, saying why for a model that does reconstruct', () => {
    const problems = runConfigProblems(config(CVAE, { denoising: { corruption: { kind: 'mask', fraction: 0.2 } }, anomaly: { normalClasses: [0] } }), MNIST);
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'denoising', message: 'a conditional VAE does not train on corrupted inputs: use a VAE or a plain autoencoder to denoise' },
      { path: 'anomaly', message: "anomaly detection scores reconstructions of unlabelled inputs, and a conditional VAE needs each input's label: use a model kind without one" },
    ]);
    expect(problems.map((p) => p.reason.code)).toEqual(['denoisingUnsupported', 'anomalyNeedsUnlabelledKind']);
  });
});
