import { describe, expect, it } from 'vitest';
import { cycleTab, SHORTCUTS, shortcutOf, type KeyLike } from '../../../../src/renderer/src/lib/shortcuts.js';
import { isDark, readThemeChoice } from '../../../../src/renderer/src/stores/theme.js';

const press = (key: string, patch: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, target: { tagName: 'BODY' }, ...patch });

describe('keyboard shortcuts', () => {
  it('maps each listed key to its action, with no key listed twice', () => {
    for (const { key, action } of SHORTCUTS) expect(shortcutOf(press(key))).toBe(action);
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    expect(shortcutOf(press('x'))).toBeNull();
  });

  it('leaves keys typed into text fields and browser shortcuts alone', () => {
    expect(shortcutOf(press('n', { target: { tagName: 'input' } }))).toBeNull();
    expect(shortcutOf(press('n', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull();
    expect(shortcutOf(press('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press('r', { metaKey: true }))).toBeNull();
  });

  it('cycles experiment tabs both ways, wrapping around', () => {
    expect(cycleTab([4, 7, 9], 9, 1)).toBe(4);
    expect(cycleTab([4, 7, 9], 4, -1)).toBe(9);
    expect(cycleTab([4, 7, 9], null, 1)).toBe(4);
    expect(cycleTab([], 1, 1)).toBeNull();
  });
});

describe('theme', () => {
  it('follows the system unless a choice was saved', () => {
    expect(readThemeChoice({ getItem: () => null })).toBe('auto');
    expect(readThemeChoice({ getItem: () => 'dark' })).toBe('dark');
    expect(readThemeChoice({ getItem: () => 'purple' })).toBe('auto');
    expect([isDark('auto', 'dark'), isDark('auto', 'light'), isDark('auto', null), isDark('light', 'dark'), isDark('dark', 'light')]).toEqual([true, false, false, false, true]);
  });
});
