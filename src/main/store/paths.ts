/**
 * Where Latent Lab keeps its data: `LATENT_LAB_HOME`, else the platform's app-data directory.
 */
import os from 'node:os';
import path from 'node:path';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LATENT_LAB_HOME) return path.resolve(env.LATENT_LAB_HOME);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Latent Lab');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Latent Lab');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'latent-lab');
  }
}

/** Directory holding one run's artifacts (checkpoints, reconstructions). */
export function runDir(dataDir: string, runId: number): string {
  return path.join(dataDir, 'runs', String(runId));
}
