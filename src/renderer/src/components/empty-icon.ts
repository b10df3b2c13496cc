/**
 * The icon of every empty state (NEmpty, an empty table): an empty tray, neutral. naive-ui's own
 * carries a crossed circle, which reads as an error where nothing went wrong.
 */
import { h, type VNode } from 'vue';

export function renderEmptyIcon(): VNode {
  return h('svg', { viewBox: '0 0 28 28', fill: 'none', xmlns: 'http://www.w3.org/2000/svg', 'data-testid': 'empty-icon' }, [
    h('path', {
      d: 'M6.25 5.5h15.5c.97 0 1.75.78 1.75 1.75V16h-6c-.41 0-.75.34-.75.75a2.75 2.75 0 0 1-5.5 0c0-.41-.34-.75-.75-.75h-6V7.25c0-.97.78-1.75 1.75-1.75ZM3 7.25v15.5C3 24.55 4.45 26 6.25 26h15.5c1.8 0 3.25-1.45 3.25-3.25V7.25C25 5.45 23.55 4 21.75 4H6.25C4.45 4 3 5.45 3 7.25Zm1.5 10.25h5.32a4.25 4.25 0 0 0 8.36 0h5.32v5.25c0 .97-.78 1.75-1.75 1.75H6.25c-.97 0-1.75-.78-1.75-1.75V17.5Z',
      fill: 'currentColor',
      'fill-rule': 'evenodd',
    }),
  ]);
}
