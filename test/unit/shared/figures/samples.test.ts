import { describe, expect, it } from 'vitest';
import {
  collapseChannels,
  heatColor,
  heatmapToRgba,
  imageToRgba,
  reconstructionError,
  sampleLayout,
} from '../../../../src/shared/figures/samples.js';

describe('sampleLayout', () => {
  it('recognises grayscale, RGB and series shapes', () => {
    expect(sampleLayout([28, 28, 1])).toEqual({ kind: 'image', height: 28, width: 28, channels: 1 });
    expect(sampleLayout([32, 32, 3])).toEqual({ kind: 'image', height: 32, width: 32, channels: 3 });
    expect(sampleLayout([7, 5])).toEqual({ kind: 'image', height: 7, width: 5, channels: 1 });
    expect(sampleLayout([140])).toEqual({ kind: 'series', length: 140 });
  });

  it('names the shape it cannot draw', () => {
    expect(() => sampleLayout([4, 4, 2])).toThrow('sample shape [4, 4, 2] is not');
    expect(() => sampleLayout([0])).toThrow('must hold positive integers');
  });
});

describe('imageToRgba', () => {
  it('spreads a grey value to RGB, clamps and sets opaque alpha', () => {
    const rgba = imageToRgba([0, 0.5, 1, 2], { kind: 'image', height: 2, width: 2, channels: 1 });
    expect([...rgba]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it('keeps RGB channels apart', () => {
    const rgba = imageToRgba([1, 0, 0.5], { kind: 'image', height: 1, width: 1, channels: 3 });
    expect([...rgba]).toEqual([255, 0, 128, 255]);
  });

  it('refuses a sample of the wrong length', () => {
    expect(() => imageToRgba([1, 2], { kind: 'image', height: 2, width: 2, channels: 1 })).toThrow('sample has 2 values');
  });
});

describe('error heat map', () => {
  it('is the absolute difference, averaged over channels for RGB', () => {
    const error = reconstructionError([1, 0, 0.5, 0.5, 0.5, 0.5], [0, 0, 0.25, 0.5, 0.5, 0.5]);
    expect(error).toEqual([1, 0, 0.25, 0, 0, 0]);
    expect(collapseChannels(error, 3)).toEqual([expect.closeTo(1.25 / 3, 10), 0]);
  });

  it('goes from black (no error) to white (total error), brighter as the error grows', () => {
    expect(heatColor(0)).toEqual([0, 0, 0]);
    expect(heatColor(1)).toEqual([255, 255, 255]);
    const brightness = (v: number): number => heatColor(v).reduce((a, b) => a + b, 0);
    expect(brightness(0.2)).toBeLessThan(brightness(0.5));
    expect(brightness(0.5)).toBeLessThan(brightness(0.8));
    expect([...heatmapToRgba([0, 1], 1, 2)]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});
