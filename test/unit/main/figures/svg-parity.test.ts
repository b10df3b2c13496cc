/**
 * A figure exported from the window and the same figure rendered headless (CLI, reports) are one
 * SVG: the window's export path (renderer/services/chart-svg.ts, behind chart-export.ts) and the main process's
 * (main/figures/svg.ts) are run on the same builder output and compared as text.
 */
import { describe, expect, it } from 'vitest';
import { errorHistogram } from '../../../../src/shared/anomaly.js';
import type { EpochMetrics, QualityRow } from '../../../../src/shared/api.js';
import { buildErrorHistogramOption } from '../../../../src/shared/figures/anomaly.js';
import { buildCurveOption } from '../../../../src/shared/figures/curves.js';
import { buildLatentKlOption } from '../../../../src/shared/figures/latent-kl.js';
import { buildLatentScatterOption } from '../../../../src/shared/figures/latent.js';
import { buildQualityOption } from '../../../../src/shared/figures/quality.js';
import { canonicalSvg } from '../../../../src/shared/figures/svg.js';
import { CanvasRenderer } from 'echarts/renderers';
import { optionToSvg } from '../../../../src/renderer/src/services/chart-svg.js';
import { WINDOW_CHART_PARTS } from '../../../../src/renderer/src/services/echarts.js';
import { HEADLESS_CHART_PARTS, renderOptionSvg } from '../../../../src/main/figures/svg.js';

const metrics: EpochMetrics[] = [1, 2, 3, 4, 5].flatMap((epoch) => [
  { epoch, split: 'train' as const, values: { loss: 1 / epoch, psnr: 10 + epoch } },
  { epoch, split: 'val' as const, values: { loss: 1.2 / epoch, psnr: 9 + epoch } },
]);
const qualityRow = (runId: number | null, fid: number, coverage: number): QualityRow => ({
  runId, name: runId === null ? 'test set (mnist)' : `#${runId} run`, kind: runId === null ? 'real' : 'vae', datasetId: 'mnist',
  source: runId === null ? 'real-test' : 'prior', samples: 100, fid, coverage, coveredClasses: 10, expectedClasses: 10,
  classHistogram: Array(10).fill(10), entropyBits: 3.3, classifierAccuracy: 0.97,
});

const OPTIONS = {
  'curves of two runs': buildCurveOption({
    metric: 'loss',
    metricLabel: 'Perda',
    runs: [{ id: 1, name: '#1 a', metrics }, { id: 2, name: '#2 b', metrics: metrics.map((m) => ({ ...m, values: { loss: m.values.loss! * 2 } })) }],
    labels: { train: 'treino', val: 'validação', epoch: 'época', raw: 'bruto' },
  }),
  'KL bars with the threshold mark line': buildLatentKlOption({ klPerDimension: [0.5, 0.001, 1.2, 0.02], threshold: 0.01 }),
  'latent scatter': buildLatentScatterOption({
    points: [[0, 0], [1, 1], [-1, 0.5], [0.3, -0.7]],
    labels: [0, 1, 1, null],
    classNames: ['zero', 'one'],
    unlabelled: 'unlabelled',
    axisNames: ['code 1', 'code 2'],
    extent: { x: [-2, 2], y: [-2, 2] },
  }),
  'anomaly histogram with threshold': buildErrorHistogramOption({
    histogram: errorHistogram([0.1, 0.2, 0.25, 0.8, 0.9], [false, false, false, true, true], 10),
    threshold: 0.5,
    share: true,
  }),
  'quality bars': buildQualityOption([qualityRow(1, 30, 0.9), qualityRow(null, 2, 1)]),
};

describe('headless figures', () => {
  for (const [name, option] of Object.entries(OPTIONS)) {
    it(`renders the ${name} to the same SVG as the window's export`, () => {
      const headless = renderOptionSvg(option, { width: 640, height: 360 });
      expect(headless).toBe(optionToSvg(option, 640, 360));
      expect(headless).toMatch(/^<svg[^>]*width="640" height="360"/);
    });
  }

  it('registers the same chart types and components as the window (echarts.use is global, so SVG equality alone would not show a gap)', () => {
    expect(new Set(HEADLESS_CHART_PARTS)).toEqual(new Set(WINDOW_CHART_PARTS.filter((part) => part !== CanvasRenderer)));
  });

  it('draws the KL threshold line (the MarkLine component is registered on both sides)', () => {
    const svg = renderOptionSvg(OPTIONS['KL bars with the threshold mark line'], { width: 640, height: 360 });
    expect(svg).toContain('active threshold 0.01');
  });

  it('gives the same text for the same option however many charts were made before', () => {
    const option = OPTIONS['curves of two runs'];
    const first = renderOptionSvg(option);
    renderOptionSvg(OPTIONS['quality bars']);
    expect(renderOptionSvg(option)).toBe(first);
  });
});

describe('canonicalSvg', () => {
  it('renumbers ECharts instance ids per kind in order of appearance', () => {
    const svg = '<clipPath id="zr7-c3"/><path clip-path="url(#zr7-c3)" class="zr7-cls-12"/><g class="zr7-cls-9"/><use href="#zr7-c5"/>';
    expect(canonicalSvg(svg)).toBe('<clipPath id="zr0-c0"/><path clip-path="url(#zr0-c0)" class="zr0-cls-0"/><g class="zr0-cls-1"/><use href="#zr0-c1"/>');
  });
});
