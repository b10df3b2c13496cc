/** Galleries reach the PNG at native pixel scale: each sample pixel a zoom × zoom block of its exact grey. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { galleryLayout, type GallerySpec } from '../../../../src/shared/figures/gallery.js';
import { renderGalleryPng } from '../../../../src/main/figures/gallery-png.js';

describe('renderGalleryPng', () => {
  it('draws every sample pixel as a sharp-edged zoom × zoom block', async () => {
    // A 2×2 sample: white, black / mid-grey, white.
    const spec: GallerySpec = { sampleShape: [2, 2, 1], rows: [{ label: '', samples: [[1, 0, 0.5, 1]] }], zoom: 4 };
    const { png, width, height } = await renderGalleryPng(spec);
    const layout = galleryLayout(spec);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([width, height]);
    const at = (x: number, y: number): number => data[(y * info.width + x) * info.channels]!;
    const { x, y } = layout.tiles[0]!;
    const expected = [[255, 0], [128, 255]];
    for (let dy = 0; dy < 8; dy++) {
      for (let dx = 0; dx < 8; dx++) expect(at(x + dx, y + dy)).toBe(expected[Math.floor(dy / 4)]![Math.floor(dx / 4)]);
    }
  });

  it('writes the labels and captions as text in the margins, leaving the samples untouched', async () => {
    const bare: GallerySpec = { sampleShape: [2, 2], rows: [{ label: '', samples: [[0, 0, 0, 0]] }], zoom: 8 };
    const labelled: GallerySpec = { ...bare, title: 'Samples', rows: [{ label: 'input', samples: [[0, 0, 0, 0]] }], columnCaptions: ['7'] };
    const read = async (spec: GallerySpec) => sharp((await renderGalleryPng(spec)).png).raw().toBuffer({ resolveWithObject: true });
    const plain = await read(bare);
    const text = await read(labelled);
    expect(text.info.width).toBeGreaterThan(plain.info.width);
    // Some pixels left of the tiles are no longer white: the label was drawn.
    const tile = galleryLayout(labelled).tiles[0]!;
    let inked = 0;
    for (let yy = 0; yy < text.info.height; yy++) for (let xx = 0; xx < tile.x - 2; xx++) if (text.data[(yy * text.info.width + xx) * 4]! < 200) inked++;
    expect(inked).toBeGreaterThan(10);
    expect(text.data[(tile.y * text.info.width + tile.x) * 4]).toBe(0);
  });
});

describe('gallery gaps', () => {
  it('are grey between tiles, so white-background samples stay apart', async () => {
    const spec: GallerySpec = { sampleShape: [2, 2], rows: [{ label: '', samples: [[1, 1, 1, 1], [1, 1, 1, 1]] }], zoom: 4 };
    const layout = galleryLayout(spec);
    const { data, info } = await sharp((await renderGalleryPng(spec)).png).raw().toBuffer({ resolveWithObject: true });
    const [a, b] = layout.tiles;
    const gapX = a!.x + layout.tileWidth + 1;
    expect(gapX).toBeLessThan(b!.x);
    expect(data[(a!.y * info.width + gapX) * info.channels]).toBe(200);
    expect(data[(a!.y * info.width + a!.x) * info.channels]).toBe(255);
  });
});
