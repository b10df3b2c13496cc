const root = process.argv[2];
const { KIND_PLANNERS } = await import(`${root}/src/main/engine/kinds/planners.ts`);
const cases: [string, Record<string, unknown>, number[]][] = [
  ['dense', { kind: 'dense', init: 'glorotUniform', encoder: [128, 64, 32], activation: 'leakyRelu', outputActivation: 'sigmoid', batchNormCode: true, weightDecay: 0.01 }, [28, 28]],
  ['dense', { kind: 'dense', init: 'glorotUniform', encoder: [16], decoder: [8, 4], activation: 'relu', outputActivation: 'linear', batchNormCode: false, weightDecay: 0 }, [35]],
  ['conv', { kind: 'conv', init: 'glorotUniform', blocks: [{ filters: 16, kernel: 3 }, { filters: 32, kernel: 3 }], batchNorm: true, leakyAlpha: 0.2, weightDecay: 0.001 }, [28, 28]],
  ['conv', { kind: 'conv', init: 'glorotUniform', blocks: [{ filters: 8, kernel: 3 }], batchNorm: false, leakyAlpha: 0.2, weightDecay: 0 }, [7, 5, 3]],
  ['vae', { kind: 'vae', init: 'glorotUniform', encoder: [64, 16], latent: 8, activation: 'leakyRelu', outputActivation: 'sigmoid', beta: 1, batchNorm: false }, [28, 28]],
  ['vae', { kind: 'vae', init: 'glorotUniform', encoder: [], latent: 2, activation: 'relu', outputActivation: 'linear', beta: 1, batchNorm: false }, [35]],
  ['vae', { kind: 'vae', init: 'glorotUniform', encoder: [], convBlocks: [{ filters: 32, kernel: 3 }, { filters: 64, kernel: 3 }], latent: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1, batchNorm: true }, [28, 28]],
  ['vae', { kind: 'vae', init: 'glorotUniform', encoder: [], convBlocks: [{ filters: 4, kernel: 3 }], latent: 3, activation: 'relu', outputActivation: 'linear', beta: 1, batchNorm: false }, [7, 5, 3]],
  ['cvae', { kind: 'cvae', init: 'glorotUniform', classes: 10, encoder: [512, 256], latent: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1 }, [28, 28]],
  ['cvae', { kind: 'cvae', init: 'glorotUniform', classes: 3, encoder: [16], decoder: [4, 8], latent: 2, activation: 'leakyRelu', outputActivation: 'linear', beta: 1 }, [35]],
];
const out = cases.map(([k, c, s]) => ({ k, layers: KIND_PLANNERS[k].summaryLayers(c, s), auto: KIND_PLANNERS[k].autoencoder ? KIND_PLANNERS[k].autoencoder(c, s) : null }));
console.log(JSON.stringify(out));
