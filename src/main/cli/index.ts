/** Entry of the `latent-lab` command (bundled as out/main/cli.js; run from source by bin/latent-lab.js). */
import { main } from './main.js';

export async function runCli(argv: string[]): Promise<void> {
  const code = await main(argv);
  process.exitCode = code;
  // Let stdout drain into a pipe before leaving; worker handles must not keep us alive.
  process.stdout.write('', () => process.exit(code));
}
