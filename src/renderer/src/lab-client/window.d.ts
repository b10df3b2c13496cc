import type { LabContract } from '../../../shared/api-schemas.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode (the WebSocket client stands in). */
    readonly lab?: LabContract;
  }
}

export {};
