import { describe, expect, it } from 'vitest';
import { getPath, labelPath, setPath } from '../../../../src/renderer/src/lib/paths.js';

describe('paths', () => {
  it('reads and writes nested values, creating objects on the way', () => {
    const root: Record<string, unknown> = { a: { list: [{ x: 1 }] } };
    expect(getPath(root, 'a.list.0.x')).toBe(1);
    expect(getPath(root, 'a.missing.x')).toBeUndefined();
    setPath(root, 'b.c', 2);
    expect(root.b).toEqual({ c: 2 });
  });

  it('deletes the key when set to undefined, so a default applies', () => {
    const root = { a: { b: 1, c: 2 } };
    setPath(root, 'a.b', undefined);
    expect(root.a).toEqual({ c: 2 });
  });

  it('refuses to cross a primitive', () => {
    expect(() => setPath({ a: 1 }, 'a.b', 2)).toThrow('setPath: a.b crosses the non-object value at "a"');
  });

  it('maps an item field to its label key', () => {
    expect(labelPath('model.blocks.1.filters')).toBe('model.blocks_filters');
    expect(labelPath('model.encoder.2')).toBe('model.encoder');
    expect(labelPath('training.optimizer.learningRate')).toBe('training.optimizer.learningRate');
  });
});
