/**
 * The IPC wrapper exactly as the app registers it, driven through a recording ipcMain: sender-frame
 * checks (foreign origin, subframe, vanished frame) and payload validation, including property tests
 * with arbitrary arguments.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, LAB_METHODS, ipcCallChannel } from '../../../../src/shared/api-schemas.js';
import { trustedOrigins } from '../../../../src/main/electron/app-origin.js';
import {
  createIpcHandler,
  forwardLabEvents,
  registerLabIpc,
  withDialogs,
  type IpcHandler,
  type IpcInvokeEventLike,
} from '../../../../src/main/electron/ipc.js';
import { createLabDouble } from '../server/lab-double.js';

const trusted = trustedOrigins(undefined);
const appFrame: IpcInvokeEventLike = { senderFrame: { url: 'lab://app/index.html', parent: null } };
const quiet = { onUnexpectedError: () => {} };

/** Oracle for the property test: a top frame whose URL parses to scheme lab: and host app. */
function isAppTopFrame(frame: { url: string; parent: unknown }): boolean {
  if (frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === 'lab:' && url.host.toLowerCase() === 'app';
  } catch {
    return false;
  }
}

function registered() {
  const double = createLabDouble();
  const handlers = new Map<string, IpcHandler>();
  const ipcMain = {
    handle: (channel: string, listener: IpcHandler) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const dialogs = {
    chooseFolder: vi.fn(async () => '/home/user/models'),
    chooseFiles: vi.fn(async () => null),
    chooseSaveFile: vi.fn(async () => null),
  };
  const unregister = registerLabIpc(ipcMain, withDialogs(double.lab, dialogs), trusted, quiet);
  const invoke = (method: string, event: IpcInvokeEventLike, ...args: unknown[]) => {
    const handler = handlers.get(`lab:call:${method}`);
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(event, ...args);
  };
  return { double, handlers, dialogs, unregister, invoke };
}

describe('registerLabIpc', () => {
  it('registers one channel per contract method and removes them all again', () => {
    const { handlers, unregister } = registered();
    expect([...handlers.keys()].sort()).toEqual(LAB_METHODS.map(ipcCallChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('answers the app top frame through the dispatcher', async () => {
    const { invoke, double } = registered();
    expect(await invoke('experiments.rename', appFrame, 1, 'Glyphs')).toMatchObject({ ok: true, value: { name: 'Glyphs' } });
    expect(double.calls).toEqual([{ method: 'experiments.rename', args: [1, 'Glyphs'] }]);
  });

  it('reaches the native dialogs in the desktop app', async () => {
    const { invoke, dialogs } = registered();
    expect(await invoke('dialogs.chooseFolder', appFrame, { title: 'Save model' })).toEqual({ ok: true, value: '/home/user/models' });
    expect(dialogs.chooseFolder).toHaveBeenCalledWith({ title: 'Save model' });
  });
});

describe('sender checks', () => {
  it.each([
    ['a foreign origin', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///home/user/evil.html', parent: null }],
    ['a look-alike host', { url: 'lab://app.evil/index.html', parent: null }],
    ['the artifact scheme', { url: 'lab-artifact://data/x.svg', parent: null }],
    ['a subframe of the app origin', { url: 'lab://app/index.html', parent: { url: 'lab://app/index.html' } }],
    ['a subframe of a foreign origin', { url: 'https://ads.example/', parent: { url: 'lab://app/index.html' } }],
  ])('refuse %s without calling the service', async (_label, senderFrame) => {
    const { invoke, double } = registered();
    const result = await invoke('experiments.rename', { senderFrame }, 1, 'Pwned');
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^experiments\.rename refused/) } });
    expect(double.calls).toEqual([]);
  });

  it('refuse a sender whose frame is gone', async () => {
    const { invoke } = registered();
    expect(await invoke('app.info', { senderFrame: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuse every method from any sender that is not the app top frame (property)', async () => {
    const { handlers, double } = registered();
    const frame = fc.record({
      url: fc.oneof(
        fc.tuple(fc.constantFrom('http', 'https', 'file', 'lab', 'lab-artifact', 'javascript'), fc.string({ maxLength: 12 })).map(
          ([scheme, rest]) => `${scheme}://${rest}`,
        ),
        fc.constantFrom('lab://app/index.html', 'lab://APP/', 'lab://app.evil/', 'file:///x', 'about:blank', ''),
      ),
      parent: fc.oneof(fc.constant(null), fc.constant({})),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LAB_METHODS), frame, fc.array(fc.anything(), { maxLength: 3 }), async (method, senderFrame, args) => {
        fc.pre(!isAppTopFrame(senderFrame));
        double.calls.length = 0;
        const result = await handlers.get(ipcCallChannel(method))!({ senderFrame }, ...args);
        expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(double.calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('payload validation', () => {
  it('refuses malformed arguments from the app itself with invalid_payload', async () => {
    const { invoke, double } = registered();
    expect(await invoke('experiments.rename', appFrame, 1)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await invoke('experiments.rename', appFrame, 1, 'x', 'extra')).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(await invoke('app.setSettings', appFrame, { dataDir: '/' })).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(await invoke('dialogs.chooseFolder', appFrame, { defaultPath: 7 })).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(double.calls).toEqual([]);
  });

  it('always resolves to an envelope and never passes refused arguments on (property)', async () => {
    const { handlers, double } = registered();
    await fc.assert(
      // datasets.download of the double never answers on purpose (an in-flight call for other tests).
      fc.asyncProperty(fc.constantFrom(...LAB_METHODS.filter((m) => m !== 'datasets.download')), fc.array(fc.anything(), { maxLength: 4 }), async (method, args) => {
        double.calls.length = 0;
        const result = await handlers.get(ipcCallChannel(method))!(appFrame, ...args);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok && result.error.code === 'invalid_payload') expect(double.calls).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('wraps a single handler the same way when built alone', async () => {
    const handler = createIpcHandler(createLabDouble().lab, 'runs.get', trusted, quiet);
    expect(await handler(appFrame, 3)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 3)).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('forwardLabEvents', () => {
  it('pushes events to the window only while it shows the app, and stops when unsubscribed', () => {
    const double = createLabDouble();
    let url = 'lab://app/index.html';
    const sent: unknown[] = [];
    const sink = { isDestroyed: () => false, getURL: () => url, send: (channel: string, message: unknown) => sent.push([channel, message]) };
    const stop = forwardLabEvents(double.lab, sink, trusted);
    double.emit('runStatus', { runId: 1, status: 'running', error: null });
    url = 'https://evil.example/';
    double.emit('runStatus', { runId: 1, status: 'completed', error: null });
    url = 'lab://app/index.html';
    stop();
    double.emit('runStatus', { runId: 2, status: 'running', error: null });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'runStatus', payload: { runId: 1, status: 'running', error: null } }]]);
    expect(double.listenerCount()).toBe(0);
  });
});
