/**
 * Renderer entry: connects the LabApi client (Electron preload or browser-mode WebSocket),
 * installs Pinia and i18n, and mounts the app.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { reasonText } from './i18n/reason-text.js';
import { connectionState, getLab, onConnectionChange } from './lab-client/index.js';
import { setLab, setReasonText } from './services/lab.js';
import { useConnectionStore } from './stores/connection.js';

setLab(getLab());
// Refusals from the services (a dataset not available, a model over the memory limit, …) in the UI language.
setReasonText((reasons) => reasonText((key, values) => i18n.global.t(key, values ?? {}), (key) => i18n.global.te(key), reasons));
const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
useConnectionStore(pinia).follow(connectionState(), onConnectionChange);
app.mount('#app');
