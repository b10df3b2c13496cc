/**
 * The values of a sweep axis as a user types them: comma-separated, each read as JSON when it is
 * JSON (`0.001`, `true`, `[64, 32]`) and as a string otherwise (`relu`). Commas inside brackets or
 * quotes do not split. Pure module: no Node, no DOM.
 */

/** Split `text` at the commas that are outside brackets, braces and double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `relu, linear` → ['relu', 'linear']; `[64], [64, 32]` → [[64], [64, 32]]; `1e-3, 1e-4` → numbers. */
export function parseAxisValues(text: string): unknown[] {
  return splitTopLevel(text).map((part) => {
    try {
      return JSON.parse(part) as unknown;
    } catch {
      return part;
    }
  });
}

/** The inverse, for showing an axis in the editor: strings bare when they read back the same. */
export function formatAxisValues(values: readonly unknown[]): string {
  return values
    .map((value) => {
      if (typeof value === 'string') {
        const bare = parseAxisValues(value);
        return bare.length === 1 && bare[0] === value ? value : JSON.stringify(value);
      }
      return JSON.stringify(value);
    })
    .join(', ');
}
