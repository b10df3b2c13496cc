/**
 * Entry of the `latent-lab` command: bundled by scripts/build-cli.mjs as out/cli/cli.js, which bin/latent-lab.js
 * runs while it is current (else these sources through tsx); electron-vite also emits out/main/cli.js.
 */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain into a pipe before leaving; worker handles must not keep us alive.
process.stdout.write('', () => process.exit(code));
