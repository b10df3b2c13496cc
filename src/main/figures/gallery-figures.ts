/**
 * Gallery figures of runs: input | reconstruction, prior (or fitted-Gaussian) samples, the
 * manifold grid, an interpolation between two samples of different classes, and the
 * noisy | denoised | clean rows of a denoising run. Rows are labelled in the window's language.
 */
import type { GallerySpec } from '../../shared/figures/gallery.js';
import { kindSpec } from '../../shared/kinds/registry.js';
import type { FigureSource } from './chart-figures.js';
import { LATENT_SAMPLES, withRunModel } from './chart-figures.js';
import type { Figure } from './kinds.js';
import type { UiText } from './ui-text.js';

/** Samples per gallery row (the window's galleries show about as many). */
export const GALLERY_COLUMNS = 10;
const MANIFOLD_STEPS = 10;
const SAMPLE_COUNT = 16;

const gallery = (spec: GallerySpec): Figure => ({ type: 'gallery', spec });

async function classNamesOf(source: FigureSource, datasetId: string): Promise<string[]> {
  return (await source.datasets.list()).find((d) => d.id === datasetId)?.classNames ?? [];
}

export async function reconstructionsFigure(source: FigureSource, runIds: number[], t: UiText): Promise<Figure> {
  const rows: GallerySpec['rows'][number][] = [];
  let sampleShape: number[] | null = null;
  let captions: string[] = [];
  for (const runId of runIds) {
    const gallerySet = await source.runs.artifact(runId, 'reconstructions');
    const set = { ...gallerySet, inputs: gallerySet.inputs.slice(0, GALLERY_COLUMNS), outputs: gallerySet.outputs.slice(0, GALLERY_COLUMNS), labels: gallerySet.labels.slice(0, GALLERY_COLUMNS) };
    if (set.inputs.length === 0) continue;
    if (sampleShape && sampleShape.join('x') !== set.sampleShape.join('x')) continue;
    if (!sampleShape) {
      sampleShape = set.sampleShape;
      const run = await source.runs.get(runId);
      const names = await classNamesOf(source, run.datasetId);
      captions = set.labels.map((label) => (label === null ? '' : (names[label] ?? String(label))));
      rows.push({ label: t('gallery.input'), samples: set.inputs });
    }
    rows.push({ label: runIds.length === 1 ? t('gallery.output') : `#${runId}`, samples: set.outputs });
  }
  if (!sampleShape) throw new Error(`no reconstructions yet for ${runIds.map((id) => `#${id}`).join(', ')}: they come with the first checkpoint`);
  return gallery({ sampleShape, rows, columnCaptions: captions });
}

/** A VAE's or GAN's fixed-seed prior samples; for a plain autoencoder, codes drawn from a Gaussian fitted to its codes. */
export async function samplesFigure(source: FigureSource, runIds: number[]): Promise<Figure> {
  const rows: GallerySpec['rows'][number][] = [];
  let sampleShape: number[] | null = null;
  for (const runId of runIds) {
    const prior = await source.runs.artifact(runId, 'samples');
    let shape = prior.sampleShape;
    let samples = prior.samples.slice(0, SAMPLE_COUNT);
    if (samples.length === 0) {
      const fitted = await withRunModel(source, runId, (modelId, datasetId) => source.latent.sampleFitted(modelId, datasetId, SAMPLE_COUNT, 0));
      shape = fitted.sampleShape;
      samples = fitted.images.map((image) => image.values);
    }
    if (sampleShape && sampleShape.join('x') !== shape.join('x')) continue;
    sampleShape = shape;
    rows.push({ label: `#${runId}`, samples });
  }
  if (!sampleShape) throw new Error('no samples to draw');
  return gallery({ sampleShape, rows });
}

export async function manifoldFigure(source: FigureSource, runId: number): Promise<Figure> {
  const grid = await withRunModel(source, runId, async (modelId, datasetId) => {
    const model = await source.runs.get(runId);
    // An encoder's projection sets the plane the grid spans; a generator's plane is its prior's.
    if (kindSpec(model.modelKind).capabilities.encodes) await source.latent.project(modelId, datasetId, LATENT_SAMPLES);
    return source.latent.grid(modelId, MANIFOLD_STEPS);
  });
  const rows = Array.from({ length: MANIFOLD_STEPS }, (_, r) => ({
    label: '',
    samples: grid.images.slice(r * MANIFOLD_STEPS, (r + 1) * MANIFOLD_STEPS).map((image) => image.values),
  }));
  return gallery({ sampleShape: grid.sampleShape, rows });
}

/** The decoded line between the first sample and the first sample of another class. */
export async function interpolationFigure(source: FigureSource, runId: number, t: UiText): Promise<Figure> {
  const decoded = await withRunModel(source, runId, async (modelId, datasetId) => {
    const projection = await source.latent.project(modelId, datasetId, LATENT_SAMPLES);
    const first = projection.labels[0] ?? null;
    const other = projection.labels.findIndex((label) => label !== first);
    const a = projection.indices[0] ?? 0;
    const b = projection.indices[other > 0 ? other : Math.min(1, projection.indices.length - 1)] ?? 1;
    return source.latent.interpolate(modelId, datasetId, a, b, GALLERY_COLUMNS);
  });
  return gallery({
    sampleShape: decoded.sampleShape,
    rows: [{ label: t('latentLab.interpolationTitle'), samples: decoded.images.map((image) => image.values) }],
    columnCaptions: ['A', ...Array<string>(Math.max(0, decoded.images.length - 2)).fill(''), 'B'],
  });
}

/** Noisy | denoised | clean at the level the run was trained at. */
export async function denoisingFigure(source: FigureSource, runId: number, t: UiText): Promise<Figure> {
  const report = await source.runs.artifact(runId, 'denoising');
  if (report.epoch === null) throw new Error(`run ${runId} has no denoising evaluation (only a denoising run has one, once training ended)`);
  const index = Math.max(0, report.levels.findIndex((l) => l.level === report.trainingLevel));
  const level = report.galleries[index];
  if (!level) throw new Error(`run ${runId}'s denoising evaluation holds no gallery`);
  const take = (samples: number[][]): number[][] => samples.slice(0, GALLERY_COLUMNS);
  return gallery({
    title: `${t('vaeDenoising.galleryTitle')} (${level.level})`,
    sampleShape: report.sampleShape,
    rows: [
      { label: t('vaeDenoising.row.noisy'), samples: take(level.noisy) },
      { label: t('vaeDenoising.row.denoised'), samples: take(level.denoised) },
      { label: t('vaeDenoising.row.clean'), samples: take(level.clean) },
    ],
  });
}
