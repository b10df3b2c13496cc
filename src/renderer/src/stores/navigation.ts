/** Navigation store: which view the main area shows (the app has no URL routing). */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const VIEWS = ['runs', 'newRun', 'live', 'compare', 'sweeps', 'latent', 'anomaly', 'quality', 'datasets', 'models', 'workers', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useNavigationStore = defineStore('navigation', () => {
  const view = ref<ViewName>('runs');
  function go(next: ViewName): void {
    view.value = next;
  }
  return { view, go };
});
