/**
 * Workers store: the queue overview (remote workers and where each member runs), refreshed every
 * two seconds while a view follows it; workers report through Redis heartbeats, not events.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { QueueOverview } from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';

const REFRESH_MS = 2000;

export const useWorkersStore = defineStore('workers', () => {
  const overview = ref<QueueOverview | null>(null);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setInterval> | null = null;
  let followers = 0;

  async function load(): Promise<void> {
    try {
      overview.value = await lab().workers.overview();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Start refreshing; returns the function that stops (the last follower stops the timer). */
  function follow(): () => void {
    followers += 1;
    if (!timer) {
      void load();
      timer = setInterval(() => void load(), REFRESH_MS);
    }
    return () => {
      followers -= 1;
      if (followers === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }

  return { overview, error, load, follow };
});
