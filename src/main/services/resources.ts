/**
 * Locates the app's resources/ folder (embedded datasets such as the 5x7 font) whether we run from
 * source (src/main/services), from the bundle (out/main) or from a packaged Electron app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function resolveResourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates: string[] = [];
  if (packaged) candidates.push(path.join(packaged, 'resources'), packaged);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources'));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'font5x7.json')));
  if (!found) throw new Error(`cannot find the resources folder (looked in: ${candidates.join(', ')})`);
  return found;
}
