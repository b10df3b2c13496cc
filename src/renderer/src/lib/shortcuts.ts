/**
 * Keyboard shortcuts of the workbench: one table, read by the key handler and by the help overlay.
 * Keys fire only outside text fields, and never with Ctrl/Cmd/Alt (those belong to the browser).
 */
export const SHORTCUTS = [
  { key: 'n', action: 'newRun' },
  { key: 'r', action: 'runs' },
  { key: 'c', action: 'compare' },
  { key: 'l', action: 'live' },
  { key: ']', action: 'nextTab' },
  { key: '[', action: 'previousTab' },
  { key: '/', action: 'search' },
  { key: '?', action: 'help' },
] as const;
export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The element the key went to. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

/** The action of a key press, or null when it is not a shortcut or belongs to a text field. */
export function shortcutOf(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const tag = event.target?.tagName?.toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || event.target?.isContentEditable) return null;
  return SHORTCUTS.find((s) => s.key === event.key)?.action ?? null;
}

/** The id `step` tabs away from `current` in `ids`, wrapping around; null without tabs. */
export function cycleTab(ids: readonly number[], current: number | null, step: 1 | -1): number | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  return ids[(at + step + ids.length) % ids.length] ?? null;
}
