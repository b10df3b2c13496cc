/**
 * Preset titles and descriptions in a language other than English (English is the presets' own
 * text, src/shared/presets). The dense grid's 45 presets share templates; every other run and
 * sweep preset has its own entry, and a test fails when one is missing.
 */

export interface PresetText {
  title: string;
  description: string;
}

/** One cell of the dense grid (mnist-dense-128-relu) or its AdamW variant (mnist-dense-128-relu-adamw). */
export interface GridCell {
  dataset: string;
  /** The layer sizes, e.g. `784-128-784`. */
  arch: string;
  /** The encoder, e.g. `128-64`. */
  encoder: string;
  activation: 'relu' | 'linear';
  /** The report's val MSE at epoch 50, when it gives one. */
  reportValue: number | null;
}

export interface PresetTranslations {
  /** Every run and sweep preset that is not a dense grid cell, by id. */
  byId: Record<string, PresetText>;
  /** A cell of the dense grid as the report trained it. */
  gridCell(cell: GridCell): PresetText;
  /** The modern (AdamW, Glorot) variant of a MNIST ReLU cell. */
  gridVariant(cell: GridCell): PresetText;
}
