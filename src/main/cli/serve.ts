/**
 * `latent-lab serve`: the workbench in a browser. On a source checkout without a renderer build it
 * builds one first (as `npm run serve` does); elsewhere it says exactly what to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../services/lab.js';

export interface ServeArgs {
  port: number | undefined;
  host: string | undefined;
}

/** The repository root holding electron.vite.config.ts and electron-vite, or null outside a source checkout. */
export function sourceCheckoutRoot(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'electron.vite.config.ts')) && existsSync(join(dir, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/** The renderer build to serve: found, or built now from a source checkout; throws saying what to run otherwise. */
export async function ensureRendererBuild(log: (line: string) => void): Promise<string> {
  const { findRendererDir } = await import('../server/browser-server.js');
  try {
    return findRendererDir();
  } catch (error) {
    if (process.env.LATENT_LAB_RENDERER_DIR) throw error;
    const root = sourceCheckoutRoot();
    if (!root) {
      throw new Error('no renderer build found: in the Latent Lab source folder run `npm run build` (or `npm run serve`, which builds it first)', { cause: error });
    }
    log(`No renderer build yet; building it with \`npm run build\` in ${root} (about a minute)…`);
    const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error(`the renderer build failed (exit ${build.status ?? build.signal}); run \`npm run build\` in ${root} to see why`);
    return resolve(root, 'out', 'renderer');
  }
}

export async function serve(lab: Lab, args: ServeArgs, print: (line: string) => void): Promise<number> {
  const rendererDir = await ensureRendererBuild((line) => process.stderr.write(`${line}\n`));
  const { startBrowserServer } = await import('../server/index.js');
  // startBrowserServer prints the URL itself.
  const server = await startBrowserServer({ lab, port: args.port, host: args.host, rendererDir });
  print('Press Ctrl+C to stop.');
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}
