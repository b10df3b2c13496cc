/** Settings store: app info (version, data directory, available backends) and user settings. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, Settings } from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';

export const useSettingsStore = defineStore('settings', () => {
  const info = ref<AppInfo | null>(null);
  const settings = ref<Settings | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  /** Load app info and settings; a failure is kept in `error` for the view to show. */
  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [appInfo, current] = await Promise.all([lab().app.info(), lab().app.getSettings()]);
      info.value = appInfo;
      settings.value = current;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Save a settings change; rejects with the service's message so the caller can show it. */
  async function update(patch: Partial<Settings>): Promise<Settings> {
    const saved = await lab().app.setSettings(patch);
    settings.value = saved;
    return saved;
  }

  return { info, settings, loading, error, load, update };
});
