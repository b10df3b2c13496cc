import { describe, expect, it } from 'vitest';
import { defaultRunName, describeDifferences, uniqueName } from '../../../src/shared/run-names.js';
import { FONT_CONFIG } from './run-fixture.js';

const preset = { id: 'font5x7-2d', config: FONT_CONFIG };
const withLr = (learningRate: number) => ({ ...FONT_CONFIG, training: { ...FONT_CONFIG.training, optimizer: { ...FONT_CONFIG.training.optimizer, learningRate } } });

describe('default run names', () => {
  it('names a run by its preset and what differs from it', () => {
    expect(defaultRunName({ config: withLr(0.003), preset, taken: [] })).toBe('font5x7-2d · lr 0.003');
    expect(describeDifferences({ ...withLr(0.003), training: { ...withLr(0.003).training, batchSize: 8 } }, FONT_CONFIG)).toBe('batch 8 · lr 0.003');
  });

  it('names an option left out as a whole "off" (not each of its fields "–")', () => {
    // The font preset stops at 0 wrong pixels.
    const { stopWhen: _dropped, ...training } = FONT_CONFIG.training;
    expect(describeDifferences({ ...FONT_CONFIG, training: { ...training, epochs: 1500 } }, FONT_CONFIG)).toBe('epochs 1500 · stopWhen off');
    // A field of the option changed, or the option added where the base has none: field by field.
    const atMost2 = { ...FONT_CONFIG, training: { ...FONT_CONFIG.training, stopWhen: { metric: 'maxWrongPixels' as const, atMost: 2 } } };
    expect(describeDifferences(atMost2, FONT_CONFIG)).toBe('atMost 2');
    expect(describeDifferences(FONT_CONFIG, { ...FONT_CONFIG, training })).toBe('metric maxWrongPixels · atMost 0');
  });

  it('keeps names unique in the experiment: a second identical run gets #2', () => {
    expect(defaultRunName({ config: FONT_CONFIG, preset, taken: ['font5x7-2d'] })).toBe('font5x7-2d #2');
    expect(uniqueName('a', ['a', 'a #2'])).toBe('a #3');
  });

  it('keeps a name the user typed as it is', () => {
    expect(defaultRunName({ config: { ...FONT_CONFIG, name: 'my run' }, preset, taken: ['my run'] })).toBe('my run');
  });

  it('names a run without a preset "run", made unique', () => {
    expect(defaultRunName({ config: { ...FONT_CONFIG, name: undefined }, taken: ['run'] })).toBe('run #2');
  });
});
