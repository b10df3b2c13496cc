/** Browser mode: the renderer and LabApi over HTTP + WebSocket on 127.0.0.1 (used by `latent-lab serve`). */
export { findRendererDir, startBrowserServer, type BrowserServer, type BrowserServerOptions } from './browser-server.js';
export { handleCall, type LabTarget, type ServedLab } from './dispatch.js';
