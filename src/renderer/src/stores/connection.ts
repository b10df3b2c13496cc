/** Connection store: whether the LabApi transport is up (browser mode reconnects by itself). */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
export interface ConnectionState {
  status: ConnectionStatus;
  problem: string | null;
}

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>({ status: 'open', problem: null });
  let unsubscribe: (() => void) | null = null;

  /** Follow a transport's state; `onChange` returns its unsubscribe function, which is kept. */
  function follow(initial: ConnectionState, onChange: (listener: (next: ConnectionState) => void) => () => void): void {
    unsubscribe?.();
    state.value = initial;
    unsubscribe = onChange((next) => {
      state.value = next;
    });
  }

  function dispose(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { state, follow, dispose };
});
