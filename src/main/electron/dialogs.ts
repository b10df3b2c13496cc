/**
 * Native file dialogs: the desktop-only `dialogs` domain of the contract (where to save a model or
 * an export, which files to import). Arguments arrive already validated by the dispatcher.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DialogsApi } from '../../shared/api-schemas.js';

/** Dialogs attached (modal) to the current app window when there is one. */
export function createDialogs(getWindow: () => BrowserWindow | null): DialogsApi {
  const open = (options: OpenDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  const save = (options: SaveDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  };

  return {
    async chooseFolder({ title, defaultPath }) {
      const result = await open({ title, defaultPath, properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFiles({ title, filters, multiple }) {
      const result = await open({ title, filters, properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'] });
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
    },
    async chooseSaveFile({ title, defaultPath, filters }) {
      const result = await save({ title, defaultPath, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
