/**
 * Renderer entry: connects the LabApi client (Electron preload or browser-mode WebSocket),
 * installs Pinia and i18n, and mounts the app.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { connectionState, getLab, onConnectionChange } from './lab-client/index.js';
import { setLab } from './services/lab.js';
import { useConnectionStore } from './stores/connection.js';

setLab(getLab());
const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
useConnectionStore(pinia).follow(connectionState(), onConnectionChange);
app.mount('#app');
