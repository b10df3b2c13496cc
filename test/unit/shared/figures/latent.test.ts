import { describe, expect, it } from 'vitest';
import { buildLatentScatterOption, nearestPoint } from '../../../../src/shared/figures/latent.js';

type Series = { name: string; type: string; data: [number, number][] };
const base = {
  points: [[0, 0], [1, 1], [2, 0], [3, 3]] as [number, number][],
  labels: [1, 0, 1, null],
  classNames: ['zero', 'one'],
  unlabelled: 'none',
  axisNames: ['pc 1', 'pc 2'] as [string, string],
  extent: { x: [-1, 4] as [number, number], y: [-0.5, 3.5] as [number, number] },
};

describe('buildLatentScatterOption', () => {
  it('draws one series per class, named by class, unlabelled last, with axes fixed to the plane extent', () => {
    const option = buildLatentScatterOption(base);
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['zero', 'one', 'none']);
    expect(series[1]!.data).toEqual([[0, 0], [2, 0]]);
    expect((option.legend as { data: string[] }).data).toEqual(['zero', 'one', 'none']);
    expect(option.xAxis).toMatchObject({ min: -1, max: 4, name: 'pc 1' });
    expect(option.yAxis).toMatchObject({ min: -0.5, max: 3.5 });
  });

  it('adds the crosshair across the whole extent at the decoded point, and the overlays asked for', () => {
    const option = buildLatentScatterOption({ ...base, marker: [2, 1], path: [[0, 0], [3, 3]], generated: [[1, 2]], picked: [0, 3] });
    const series = option.series as Series[];
    const hairs = series.filter((s) => s.name === 'crosshair').map((s) => s.data);
    expect(hairs).toEqual([[[2, -0.5], [2, 3.5]], [[-1, 1], [4, 1]]]);
    expect(series.find((s) => s.name === 'decoded')!.data).toEqual([[2, 1]]);
    expect(series.find((s) => s.name === 'picked')!.data).toEqual([[0, 0], [3, 3]]);
    expect(series.find((s) => s.name === 'path')!.type).toBe('line');
    expect(series.find((s) => s.name === 'generated')!.data).toEqual([[1, 2]]);
  });
});

describe('nearestPoint', () => {
  it('finds the index of the closest point, -1 for none', () => {
    expect(nearestPoint(base.points, [2.2, 0.3])).toBe(2);
    expect(nearestPoint([], [0, 0])).toBe(-1);
  });
});
