import { describe, expect, it } from 'vitest';
import { galleryLayout, galleryZoom } from '../../../../src/shared/figures/gallery.js';

const blank = (n: number): number[] => Array<number>(n).fill(0);

describe('galleryLayout', () => {
  it('zooms by the smallest whole factor that makes a sample at least 56 px tall, at most 8', () => {
    expect(galleryZoom({ kind: 'image', height: 28, width: 28, channels: 1 })).toBe(2);
    expect(galleryZoom({ kind: 'image', height: 7, width: 5, channels: 1 })).toBe(8);
    expect(galleryZoom({ kind: 'image', height: 32, width: 32, channels: 3 })).toBe(2);
    expect(galleryZoom({ kind: 'image', height: 2, width: 2, channels: 1 })).toBe(8);
  });

  it('places tiles in whole pixels, row after row, right of the widest label, without overlap', () => {
    const layout = galleryLayout({
      sampleShape: [7, 5, 1],
      rows: [
        { label: 'input', samples: [blank(35), blank(35), blank(35)] },
        { label: 'reconstruction', samples: [blank(35), blank(35)] },
      ],
      columnCaptions: ['a', 'b', 'c'],
    });
    expect(layout.zoom).toBe(8);
    expect([layout.tileWidth, layout.tileHeight]).toEqual([40, 56]);
    expect(layout.tiles).toHaveLength(5);
    const [first, second, , fourth] = layout.tiles;
    expect(second!.x - first!.x).toBeGreaterThanOrEqual(layout.tileWidth);
    expect(fourth!.y - first!.y).toBeGreaterThanOrEqual(layout.tileHeight);
    expect(first!.x).toBeGreaterThan(layout.labelX + 'reconstruction'.length * 6);
    expect(layout.captionY).not.toBeNull();
    for (const tile of layout.tiles) {
      expect(Number.isInteger(tile.x) && Number.isInteger(tile.y)).toBe(true);
      expect(tile.x + layout.tileWidth).toBeLessThanOrEqual(layout.width);
      expect(tile.y + layout.tileHeight).toBeLessThanOrEqual(layout.height);
    }
  });

  it('leaves room for no title or captions when there are none', () => {
    const plain = galleryLayout({ sampleShape: [2, 2], rows: [{ label: '', samples: [blank(4)] }], zoom: 3 });
    const titled = galleryLayout({ title: 'Samples', sampleShape: [2, 2], rows: [{ label: '', samples: [blank(4)] }], zoom: 3 });
    expect(plain.titleY).toBeNull();
    expect(plain.captionY).toBeNull();
    expect(titled.tiles[0]!.y).toBeGreaterThan(plain.tiles[0]!.y);
    expect(plain.tileWidth).toBe(6);
  });

  it('draws 1-D samples as fixed-size line tiles', () => {
    const layout = galleryLayout({ sampleShape: [140], rows: [{ label: 'ecg', samples: [blank(140)] }] });
    expect(layout.sample.kind).toBe('series');
    expect(layout.tileWidth).toBeGreaterThan(layout.tileHeight);
  });

  it('rejects a zoom that is not a whole number in [1, 32]', () => {
    expect(() => galleryLayout({ sampleShape: [2, 2], rows: [], zoom: 1.5 })).toThrow(/whole number/);
    expect(() => galleryLayout({ sampleShape: [2, 2], rows: [], zoom: 0 })).toThrow(/whole number/);
  });
});
