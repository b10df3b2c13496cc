/**
 * Entry of the `latent-lab` command: bundled as out/main/cli.js, run from source by bin/latent-lab.js.
 */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain into a pipe before leaving; worker handles must not keep us alive.
process.stdout.write('', () => process.exit(code));
