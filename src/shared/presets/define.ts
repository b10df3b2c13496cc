/**
 * The shape of a preset and the one way to define one: the config is validated (defaults filled
 * in) when the module loads, so a broken preset fails every test that imports the list.
 */
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../config.js';

export interface PresetDefinition {
  id: string;
  title: string;
  description: string;
  config: RunConfig;
}

export const definePreset = (id: string, title: string, description: string, config: RunConfigInput): PresetDefinition => ({
  id,
  title,
  description,
  config: parseRunConfig({ name: id, ...config }),
});
