/**
 * VAE and denoising reports of runs: the KL per latent dimension with the collapse warning, and
 * the noise-level sweep with its galleries. Loaded on demand by the live view.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DenoisingReport, LatentKlReport } from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';

export const useVaeDenoisingStore = defineStore('vaeDenoising', () => {
  const latentKl = ref<Record<number, LatentKlReport>>({});
  const denoising = ref<Record<number, DenoisingReport>>({});
  /** Why the last load of a run failed, by run id. */
  const errors = ref<Record<number, string>>({});

  /** Load a VAE run's KL report; keeps the last good one when a load fails. */
  async function loadLatentKl(runId: number): Promise<void> {
    try {
      latentKl.value[runId] = await lab().runs.latentKl(runId);
      delete errors.value[runId];
    } catch (e) {
      errors.value[runId] = errorMessage(e);
    }
  }

  /** Load a denoising run's sweep (empty, epoch null, until training ended). */
  async function loadDenoising(runId: number): Promise<void> {
    try {
      denoising.value[runId] = await lab().runs.denoising(runId);
      delete errors.value[runId];
    } catch (e) {
      errors.value[runId] = errorMessage(e);
    }
  }

  return { latentKl, denoising, errors, loadLatentKl, loadDenoising };
});
