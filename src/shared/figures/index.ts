/** Pure figure builders shared by the renderer (live charts) and the main process (export). */
export * from './curves.js';
export * from './metric-info.js';
export * from './samples.js';
export * from './smoothing.js';
export * from './anomaly.js';
export * from './latent.js';
