/**
 * Where exported files go. In browser mode they download through a Blob link; the Electron shell
 * replaces this with a native save dialog by calling `setExportFile` before the app mounts.
 */

/** Bytes or text of an exported file. */
export type ExportData = Blob | Uint8Array | string;

/**
 * Save `data` under the suggested file `name`. Resolves to where it went (a path, or the name
 * for a browser download), or null when the user cancelled a dialog.
 */
export type ExportFileFn = (name: string, data: ExportData, mimeType: string) => Promise<string | null>;

/** Browser download: a temporary object URL clicked through an anchor with `download`. */
export const browserDownload: ExportFileFn = async (name, data, mimeType) => {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    anchor.rel = 'noopener';
    anchor.style.display = 'none';
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  } finally {
    // Revoking at once can cancel the download in some browsers; a tick later is enough.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return name;
};

let implementation: ExportFileFn = browserDownload;

/** Replace how files are saved (the Electron shell installs its native dialog here). */
export function setExportFile(fn: ExportFileFn): void {
  implementation = fn;
}

/** Save an exported file through the installed implementation. */
export function exportFile(name: string, data: ExportData, mimeType: string): Promise<string | null> {
  return implementation(name, data, mimeType);
}

/** MIME type of each export format the app writes. */
export const MIME = {
  png: 'image/png',
  svg: 'image/svg+xml',
  csv: 'text/csv;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  tex: 'application/x-tex;charset=utf-8',
  json: 'application/json',
} as const;

/** A file-name-safe slug of `text` (runs and experiments have free-form names). */
export function fileSlug(text: string): string {
  return text.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'export';
}

/** Decode a `data:` URL (as ECharts' getDataURL returns) into bytes. */
export function dataUrlToBytes(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(',');
  const header = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  if (header.endsWith(';base64')) {
    const binary = atob(body);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new TextEncoder().encode(decodeURIComponent(body));
}
