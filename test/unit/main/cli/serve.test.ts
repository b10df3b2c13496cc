import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceCheckoutRoot } from '../../../../src/main/cli/serve.js';

describe('serve on a fresh install', () => {
  it('finds the source checkout it can build the renderer in, from source or from the bundle in out/main', () => {
    expect(sourceCheckoutRoot(path.resolve('src/main/cli/serve.ts'))).toBe(path.resolve('.'));
    expect(sourceCheckoutRoot(path.resolve('out/main/cli.js'))).toBe(path.resolve('.'));
  });

  it('knows when it is not in one (an installed package without sources): then it says what to run', () => {
    expect(sourceCheckoutRoot('/usr/lib/node_modules/latent-lab/out/main/cli.js')).toBeNull();
  });
});
