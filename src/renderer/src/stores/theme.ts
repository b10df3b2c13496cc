/**
 * Theme store: light, dark, or following the operating system (the default). The choice is a
 * preference of this browser profile / window, kept in localStorage like the runs table's columns.
 */
import { useOsTheme } from 'naive-ui';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';

export const THEME_CHOICES = ['auto', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const STORAGE_KEY = 'latent-lab.theme';

/** The saved choice, 'auto' when none or unreadable. */
export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  const saved = storage?.getItem(STORAGE_KEY);
  return (THEME_CHOICES as readonly string[]).includes(saved ?? '') ? (saved as ThemeChoice) : 'auto';
}

/** Whether a choice draws dark given the system's preference. */
export const isDark = (choice: ThemeChoice, osTheme: 'light' | 'dark' | null): boolean => (choice === 'auto' ? osTheme === 'dark' : choice === 'dark');

export const useThemeStore = defineStore('theme', () => {
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage;
  const choice = ref<ThemeChoice>(readThemeChoice(storage));
  const os = useOsTheme();
  const dark = computed(() => isDark(choice.value, os.value));
  watch(choice, (value) => storage?.setItem(STORAGE_KEY, value));
  watch(dark, (value) => {
    if (typeof document !== 'undefined') document.documentElement.style.colorScheme = value ? 'dark' : 'light';
  }, { immediate: true });
  /** The header switch: the opposite of what is shown now, as an explicit choice. */
  function toggle(): void {
    choice.value = dark.value ? 'light' : 'dark';
  }
  return { choice, dark, toggle };
});
