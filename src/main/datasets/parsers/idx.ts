/**
 * IDX format (MNIST, Fashion-MNIST): magic = 0x00 0x00 <dtype> <ndims>, then ndims big-endian
 * uint32 dimension sizes, then the values. Files may be raw or gzip-compressed.
 * Every header field is checked against the data actually present before a sample array is made.
 */
import { DatasetError } from '../types.js';
import { DEFAULT_MAX_FILE_BYTES, bytesToUnit, readMaybeGzip } from './bytes.js';

/** IDX element types: code → name and size in bytes. */
const IDX_DTYPES: Record<number, { name: string; size: number }> = {
  0x08: { name: 'unsigned byte', size: 1 },
  0x09: { name: 'signed byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
};
const UBYTE = 0x08;

export interface IdxHeader {
  dtype: number;
  dims: number[];
  /** Offset of the first value. */
  headerBytes: number;
  /** Bytes of values the header declares. */
  dataBytes: number;
}

export interface IdxReadOptions {
  /** Cap on the decoded file size, so a corrupt header or a gzip bomb cannot exhaust memory. */
  maxBytes?: number;
}

/** IDX images normalised to [0, 1]. */
export interface IdxImages {
  n: number;
  /** [rows, cols, channels]: channels is 1 for a 3-D file, the last dimension for a 4-D one. */
  sampleShape: number[];
  x: Float32Array;
}

/**
 * Parse and check an IDX header against the buffer holding the whole (decoded) file.
 * Throws when the magic, dtype or dimensions are invalid or when the size does not match exactly.
 */
export function parseIdxHeader(buf: Uint8Array, file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): IdxHeader {
  if (buf.length < 4) throw new DatasetError(file, `truncated IDX header: ${buf.length} bytes, need at least 4`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    const magic = Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DatasetError(file, `bad IDX magic number ${magic} (expected 00 00 <dtype> <ndims>)`);
  }
  const dtype = buf[2] as number;
  const ndims = buf[3] as number;
  const type = IDX_DTYPES[dtype];
  if (!type) throw new DatasetError(file, `unknown IDX data type 0x${dtype.toString(16)}`);
  if (ndims < 1) throw new DatasetError(file, 'IDX header declares 0 dimensions');
  const headerBytes = 4 + 4 * ndims;
  if (buf.length < headerBytes) {
    throw new DatasetError(file, `truncated IDX header: ${ndims} dimensions need ${headerBytes} bytes, file has ${buf.length}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  let dataBytes = type.size;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    dataBytes *= size;
  }
  const empty = dims.indexOf(0);
  if (empty >= 0) {
    const what = empty === 0 ? `${dims.length === 1 ? 'labels' : 'samples'}` : `values per sample (dimension ${empty + 1} is 0)`;
    throw new DatasetError(file, `IDX header declares ${dims.join('x')}: no ${what}, nothing to import`);
  }
  // Checked in floating point before anything is allocated: a corrupt header cannot make us allocate.
  if (dataBytes > maxBytes) {
    throw new DatasetError(file, `IDX header declares ${dims.join('x')} values (${dataBytes} bytes), over the ${maxBytes}-byte limit`);
  }
  const present = buf.length - headerBytes;
  if (present < dataBytes) {
    throw new DatasetError(file, `truncated: header declares ${dims.join('x')} (${dataBytes} bytes of data), file has ${present}`);
  }
  if (present > dataBytes) {
    throw new DatasetError(file, `size mismatch: header declares ${dataBytes} bytes of data, file has ${present} (${present - dataBytes} extra)`);
  }
  return { dtype, dims, headerBytes, dataBytes };
}

/** Read an IDX file (raw or .gz) and return its checked header and the raw value bytes. */
export async function readIdx(file: string, options: IdxReadOptions = {}): Promise<{ header: IdxHeader; data: Buffer }> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const buf = await readMaybeGzip(file, maxBytes + 4 + 4 * 255);
  const header = parseIdxHeader(buf, file, maxBytes);
  return { header, data: buf.subarray(header.headerBytes) };
}

/** Read an IDX image file (unsigned bytes, 3 or 4 dimensions) as float32 in [0, 1]. */
export async function readIdxImages(file: string, options: IdxReadOptions = {}): Promise<IdxImages> {
  const { header, data } = await readIdx(file, options);
  requireUbyte(header, file, 'images');
  const { dims } = header;
  if (dims.length !== 3 && dims.length !== 4) {
    throw new DatasetError(file, `expected an image file with 3 or 4 dimensions (n, rows, cols[, channels]), got ${dims.length}`);
  }
  const [n, rows, cols, channels = 1] = dims as [number, number, number, number?];
  if (n === 0 || rows === 0 || cols === 0 || channels === 0) throw new DatasetError(file, `empty image file (${dims.join('x')})`);
  return { n, sampleShape: [rows, cols, channels], x: bytesToUnit(data) };
}

/**
 * Read an IDX label file (unsigned bytes, 1 dimension). With `classCount`, every label must be
 * below it; the check runs before the labels are copied.
 */
export async function readIdxLabels(file: string, options: IdxReadOptions & { classCount?: number } = {}): Promise<Int32Array> {
  const { header, data } = await readIdx(file, options);
  requireUbyte(header, file, 'labels');
  if (header.dims.length !== 1) {
    throw new DatasetError(file, `expected a label file with 1 dimension, got ${header.dims.length} (${header.dims.join('x')}); is this an image file?`);
  }
  if (options.classCount !== undefined) {
    for (let i = 0; i < data.length; i++) {
      if ((data[i] as number) >= options.classCount) {
        throw new DatasetError(file, `label ${data[i]} at index ${i} is out of range 0..${options.classCount - 1}`);
      }
    }
  }
  return Int32Array.from(data);
}

/** Read a matching pair of IDX image and label files, checking that their counts agree. */
export async function readIdxPair(
  imagesFile: string,
  labelsFile: string,
  options: IdxReadOptions & { classCount?: number } = {},
): Promise<IdxImages & { labels: Int32Array }> {
  const [images, labels] = await Promise.all([readIdxImages(imagesFile, options), readIdxLabels(labelsFile, options)]);
  if (labels.length !== images.n) {
    throw new DatasetError(labelsFile, `has ${labels.length} labels but ${imagesFile} has ${images.n} images`);
  }
  return { ...images, labels };
}

function requireUbyte(header: IdxHeader, file: string, what: string): void {
  if (header.dtype !== UBYTE) {
    const name = IDX_DTYPES[header.dtype]?.name ?? 'unknown';
    throw new DatasetError(file, `IDX ${what} must be unsigned bytes (0x08), got ${name} (0x${header.dtype.toString(16)})`);
  }
}
