import { describe, expect, it } from 'vitest';
import { summarizeArchitecture } from '../../../../../../src/main/engine/architecture.js';
import { planGan } from '../../../../../../src/main/engine/kinds/gan/plan.js';
import { ganModelSchema, type GanModelConfig } from '../../../../../../src/shared/config.js';

const gan = (input: Partial<GanModelConfig>): GanModelConfig => ganModelSchema.parse({ kind: 'gan', ...input });

describe('planGan', () => {
  it('plans a dense generator from the latent size to the sample shape and a discriminator down to one logit', () => {
    const plan = planGan(gan({ latent: 16, generator: [32, 64], discriminator: [64, 32] }), [28, 28, 1]);
    expect(plan.generator.at(-1)!.outputShape).toEqual([28, 28, 1]);
    expect(plan.generator[0]).toMatchObject({ type: 'Dense', units: 32, params: 16 * 32 + 32 });
    expect(plan.discriminator.at(-1)).toMatchObject({ name: 'disc_logit', outputShape: [1], activation: 'linear' });
    expect(plan.discriminator.filter((l) => l.type === 'Dense').map((l) => l.outputShape[0])).toEqual([64, 32, 1]);
  });

  it('plans a DCGAN that upsamples a 7x7 map twice to 28x28 and downsamples it back to 7x7', () => {
    const plan = planGan(gan({ architecture: 'dcgan', generator: [64, 32], discriminator: [32, 64] }), [28, 28, 1]);
    expect(plan.generator.find((l) => l.type === 'Reshape')!.outputShape).toEqual([7, 7, 64]);
    expect(plan.generator.filter((l) => l.type === 'Conv2DTranspose').map((l) => l.outputShape)).toEqual([[14, 14, 64], [28, 28, 32]]);
    expect(plan.generator.at(-1)).toMatchObject({ type: 'Conv2D', activation: 'sigmoid', outputShape: [28, 28, 1] });
    expect(plan.discriminator.filter((l) => l.type === 'Conv2D').map((l) => l.outputShape)).toEqual([[14, 14, 32], [7, 7, 64]]);
    expect(plan.discriminator.at(-1)!.outputShape).toEqual([1]);
  });

  it('crops the overshoot of odd image sizes and handles samples without a channel axis', () => {
    const plan = planGan(gan({ architecture: 'dcgan', generator: [8, 4], discriminator: [4] }), [7, 5]);
    expect(plan.generator.at(-1)).toMatchObject({ type: 'Reshape', outputShape: [7, 5] });
    expect(plan.generator.some((l) => l.type === 'Cropping2D')).toBe(true);
    expect(plan.discriminator[0]).toMatchObject({ type: 'Reshape', outputShape: [7, 5, 1] });
  });

  it('refuses a DCGAN on 1-D samples with a message naming the shape', () => {
    expect(() => planGan(gan({ architecture: 'dcgan' }), [35])).toThrow(/dcgan.*\[35\]/);
  });
});

describe('summarizeArchitecture of a GAN', () => {
  it('lists the generator layers then the discriminator layers with their parameter counts', () => {
    const summary = summarizeArchitecture(gan({ latent: 4, generator: [8], discriminator: [6] }), [10]);
    expect(summary.layers.map((l) => l.name)).toEqual(['gen_dense_1', 'gen_lrelu_1', 'gen_sample', 'disc_dense_1', 'disc_lrelu_1', 'disc_logit']);
    expect(summary.totalParams).toBe(4 * 8 + 8 + (8 * 10 + 10) + (10 * 6 + 6) + (6 + 1));
    expect(summary.layers[2]!.outputShape).toEqual([null, 10]);
  });
});
