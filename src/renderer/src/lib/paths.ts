/** Read and write nested JSON values by dotted path (`training.optimizer.learningRate`, `model.blocks.0.filters`). */

const segments = (path: string): string[] => path.split('.').filter((s) => s !== '');

/** Value at `path`, or undefined when any step is missing. */
export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of segments(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Set the value at `path`, creating missing objects on the way; `undefined` deletes the key so
 * an optional setting goes back to its default.
 * @throws Error when a step of the path is a primitive
 */
export function setPath(root: object, path: string, value: unknown): void {
  const keys = segments(path);
  const last = keys.pop();
  if (last === undefined) throw new Error('setPath: empty path');
  let node = root as Record<string, unknown>;
  for (const key of keys) {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (typeof next !== 'object') throw new Error(`setPath: ${path} crosses the non-object value at "${key}"`);
    node = node[key] as Record<string, unknown>;
  }
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * The message key of a field's label: array indices dropped, and a field inside an array item
 * joined to the array's name with `_` (`model.blocks.0.filters` -> `model.blocks_filters`), since
 * `model.blocks` is itself a label.
 */
export function labelPath(path: string): string {
  const out: string[] = [];
  let afterIndex = false;
  for (const segment of segments(path)) {
    if (/^\d+$/.test(segment)) {
      afterIndex = true;
    } else if (afterIndex && out.length > 0) {
      out[out.length - 1] = `${out[out.length - 1]}_${segment}`;
      afterIndex = false;
    } else {
      out.push(segment);
    }
  }
  return out.join('.');
}
