import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../../src/shared/config.js';
import { LAB_METHODS } from '../../../../src/shared/api-schemas.js';
import { errorToResult, handleCall } from '../../../../src/main/server/dispatch.js';
import { MemoryLimitError } from '../../../../src/main/services/memory-budget.js';
import { createLabDouble } from './lab-double.js';

const quiet = { onUnexpectedError: () => {} };

describe('handleCall', () => {
  it('calls the method with the validated arguments and the domain as `this`', async () => {
    const double = createLabDouble();
    const result = await handleCall(double.lab, 'experiments.rename', [1, 'Glyphs']);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ id: 1, name: 'Glyphs' }) });
    expect(double.calls).toEqual([{ method: 'experiments.rename', args: [1, 'Glyphs'] }]);
  });

  it('passes an omitted optional argument as omitted', async () => {
    const double = createLabDouble();
    await handleCall(double.lab, 'runs.start', [1, { dataset: { id: 'font5x7' } }]);
    expect(double.calls[0]!.args).toEqual([1, { dataset: { id: 'font5x7' } }]);
  });

  it('answers a void method with ok and no value', async () => {
    expect(await handleCall(createLabDouble().lab, 'runs.cancel', [3])).toEqual({ ok: true, value: undefined });
  });

  it('refuses an unknown method, including prototype keys, without calling anything', async () => {
    const double = createLabDouble();
    for (const method of ['runs.launch', '__proto__', 'constructor', 'on', 'experiments.byId', 42]) {
      const result = await handleCall(double.lab, method, []);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(double.calls).toEqual([]);
  });

  it('refuses malformed arguments with a message naming the method and the argument', async () => {
    const double = createLabDouble();
    const result = await handleCall(double.lab, 'experiments.rename', ['1', 'Glyphs']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message).toMatch(/^experiments\.rename: args\.0: /);
    }
    expect(await handleCall(double.lab, 'runs.get', { 0: 1 })).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(double.calls).toEqual([]);
  });

  it("keeps a service error's own code and message", async () => {
    expect(await handleCall(createLabDouble().lab, 'runs.get', [9])).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'run 9 does not exist' },
    });
  });

  it('reports an error without a code as failed, with its message, and logs it', async () => {
    const onUnexpectedError = vi.fn();
    const result = await handleCall(createLabDouble().lab, 'runs.delete', [2], { onUnexpectedError });
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'EIO: disk on fire' } });
    expect(onUnexpectedError).toHaveBeenCalledWith('runs.delete', expect.any(Error));
  });

  it('answers dialogs as unsupported when the target has none (browser mode)', async () => {
    const result = await handleCall(createLabDouble().lab, 'dialogs.chooseFolder', [{ title: 'Save model' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/desktop app/) } });
  });

  it('never throws and never reaches a service with arguments its schema refuses', async () => {
    const double = createLabDouble();
    await fc.assert(
      fc.asyncProperty(
        // datasets.download of the double never answers on purpose (an in-flight call for other tests).
        fc.oneof(fc.constantFrom(...LAB_METHODS.filter((m) => m !== 'datasets.download')), fc.string()),
        fc.oneof(fc.anything(), fc.array(fc.anything(), { maxLength: 4 })),
        async (method, args) => {
          double.calls.length = 0;
          const result = await handleCall(double.lab, method, args, quiet);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
          if (!result.ok && ['invalid_payload', 'unknown_method'].includes(result.error.code)) {
            expect(double.calls).toEqual([]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('errorToResult', () => {
  it('maps a ConfigError to invalid_config with every problem in the message', () => {
    const result = errorToResult(new ConfigError(['training.epochs: Too small', 'model.kind: Invalid input']));
    expect(result.error.code).toBe('invalid_config');
    expect(result.error.message).toContain('training.epochs: Too small');
  });

  it('sends the translatable reasons of a refusal beside its message', () => {
    const result = errorToResult(new MemoryLimitError('the model is too large', [{ code: 'memoryOverLimit', params: { needed: '73 GB', limit: '18 GB' } }]));
    expect(result.error).toEqual({ code: 'memory_limit', message: 'the model is too large', reasons: [{ code: 'memoryOverLimit', params: { needed: '73 GB', limit: '18 GB' } }] });
    expect(errorToResult(new Error('plain')).error).toEqual({ code: 'failed', message: 'plain' });
  });

  it('ignores a code that is not a lower-case identifier (Node errno codes, injected text)', () => {
    const errno = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(errorToResult(errno).error.code).toBe('failed');
    const odd = Object.assign(new Error('x'), { code: 'not found <b>' });
    expect(errorToResult(odd).error.code).toBe('failed');
  });

  it('describes a thrown non-Error value', () => {
    expect(errorToResult('plain string')).toEqual({ ok: false, error: { code: 'failed', message: 'plain string' } });
  });
});
