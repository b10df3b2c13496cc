/**
 * Image folders: either one sub-folder per class (the folder name is the class) or a flat folder
 * of unlabelled images. Every image is decoded and resized with sharp to a fixed size, grayscale
 * or RGB. Nothing is skipped silently: an undecodable file fails the whole read, naming the files.
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { DatasetError } from '../types.js';
import { bytesToUnit } from './bytes.js';

/** Extensions treated as images; other files are listed in `ignored` so the caller can report them. */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif']);

export interface ImageFolderOptions {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Called after each decoded image (for progress on large folders). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImageFolder {
  n: number;
  sampleShape: number[];
  /** Sub-folder names (sorted) when the folder has one per class, else empty. */
  classNames: string[];
  x: Float32Array;
  labels: Int32Array | null;
  /** Files that are not images by extension, relative to the folder. */
  ignored: string[];
}

/** Read every image of `dir` (see the module comment for the layout). */
export async function readImageFolder(dir: string, options: ImageFolderOptions): Promise<ImageFolder> {
  const { width, height, channels } = options;
  if (!(width > 0 && height > 0 && width <= 4096 && height <= 4096)) {
    throw new DatasetError(dir, `image size ${width}x${height} is out of range 1..4096`);
  }
  const entries = await listDir(dir);
  const classDirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const looseFiles = entries.filter((e) => !e.isDirectory()).map((e) => e.name).sort();
  const files: { path: string; label: number }[] = [];
  const ignored: string[] = [];
  const take = (folder: string, names: string[], label: number, prefix: string) => {
    for (const name of names) {
      if (IMAGE_EXTENSIONS.has(extname(name).toLowerCase())) files.push({ path: join(folder, name), label });
      else ignored.push(prefix + name);
    }
  };
  if (classDirs.length > 0) {
    const looseImages = looseFiles.filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase()));
    if (looseImages.length > 0) {
      throw new DatasetError(dir, `has both class sub-folders and loose images (${looseImages.slice(0, 3).join(', ')}); use one layout`);
    }
    ignored.push(...looseFiles);
    for (const [label, name] of classDirs.entries()) {
      const folder = join(dir, name);
      const inner = await listDir(folder);
      const nested = inner.filter((e) => e.isDirectory());
      if (nested.length > 0) throw new DatasetError(folder, `nested folder "${nested[0]?.name}" is not supported (one level of class folders)`);
      take(folder, inner.map((e) => e.name).sort(), label, `${name}/`);
    }
  } else {
    take(dir, looseFiles, -1, '');
  }
  if (files.length === 0) throw new DatasetError(dir, `no image files (${[...IMAGE_EXTENSIONS].join(' ')})`);

  const sampleSize = width * height * channels;
  const x = new Float32Array(files.length * sampleSize);
  const failures: string[] = [];
  let next = 0;
  let done = 0;
  // Two decoders at a time: sharp already uses its own threads, more only adds memory.
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as { path: string };
      try {
        bytesToUnit(await decode(file.path, width, height, channels), x, index * sampleSize);
      } catch (error) {
        failures.push(`${file.path} (${(error as Error).message.split('\n')[0]})`);
      }
      options.onProgress?.(++done, files.length);
    }
  };
  await Promise.all([worker(), worker()]);
  if (failures.length > 0) {
    const shown = failures.slice(0, 5).join('; ');
    throw new DatasetError(dir, `${failures.length} unreadable image file(s): ${shown}${failures.length > 5 ? '; …' : ''}`);
  }
  return {
    n: files.length,
    sampleShape: [height, width, channels],
    classNames: classDirs,
    x,
    labels: classDirs.length > 0 ? Int32Array.from(files, (f) => f.label) : null,
    ignored,
  };
}

/** Decode one image to raw bytes of exactly width × height × channels (alpha flattened on white). */
async function decode(file: string, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  let pipeline = sharp(file, { failOn: 'error' }).flatten({ background: '#ffffff' }).resize(width, height, { fit: 'fill' });
  pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== channels || data.length !== width * height * channels) {
    throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x${channels}`);
  }
  return data;
}

async function listDir(dir: string) {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // Dot files are OS metadata (.DS_Store, ._*), never samples.
    return entries.filter((e) => !e.name.startsWith('.'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOTDIR' ? 'is a file, not a folder: the images format imports a folder of images (one sub-folder per class)'
      : code === 'ENOENT' ? 'no such folder'
      : `cannot read folder: ${(error as Error).message}`;
    throw new DatasetError(dir, problem);
  }
}
