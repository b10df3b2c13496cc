import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactRefusal, emptyArtifact, JSON_ARTIFACT_KINDS } from '../../../../src/shared/artifacts.js';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { readArtifact, writeArtifact } from '../../../../src/main/store/artifact-files.js';

const config = parseRunConfig({
  dataset: { id: 'mnist' },
  model: { kind: 'dense', encoder: [4] },
  training: { epochs: 1, batchSize: 4, optimizer: { name: 'adam', learningRate: 0.01 } },
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-files-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('run artifact files', () => {
  it('reads back what was written, typed by kind, under the kind\'s file name', () => {
    const samples = { sampleShape: [2], samples: [[0.25, 0.5]], epoch: 3 };
    const file = writeArtifact(dir, 'samples', samples);
    expect(file).toBe('samples.json');
    expect(readArtifact(1, 'samples', path.join(dir, file), config)).toEqual(samples);
  });

  it('gives each kind\'s empty value while the run has written none', () => {
    for (const kind of JSON_ARTIFACT_KINDS) expect(readArtifact(1, kind, null, config)).toEqual(emptyArtifact(kind, config));
    expect(readArtifact(1, 'latent-kl', null, config)).toMatchObject({ epoch: null, klPerDimension: [] });
  });

  it('names the run, the kind and the file when the file cannot be read or parsed', () => {
    const missing = path.join(dir, 'denoising.json');
    expect(() => readArtifact(7, 'denoising', missing, config)).toThrow(`run 7: cannot read its denoising artifact ${missing}: ENOENT`);
    fs.writeFileSync(missing, '{ half');
    expect(() => readArtifact(7, 'denoising', missing, config)).toThrow(/^run 7: cannot read its denoising artifact .*denoising\.json: .*JSON/);
  });

  it('refuses only the anomaly report of a run without anomaly settings', () => {
    expect(artifactRefusal('anomaly', config)).toMatch(/not an anomaly-detection run/);
    expect(artifactRefusal('anomaly', { ...config, anomaly: { normalClasses: [1], threshold: { mode: 'meanStd', k: 3 }, score: 'mse' } })).toBeNull();
    expect(artifactRefusal('samples', config)).toBeNull();
  });
});
