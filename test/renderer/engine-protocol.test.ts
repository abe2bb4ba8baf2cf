/**
 * The engine worker's protocol: the very object the worker exposes, driven
 * through comlink over a Node MessageChannel (structured cloning included),
 * and the client's restart when a worker dies.
 */
import { proxy } from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import { engineChannels } from './engine-channel.js';
import type { RunReply, TrainProgress } from '../../core/studio/protocol.js';
import { EngineClient, EngineCrashed, type WorkerLike } from '../../renderer/engine/engine-client.js';
import { example } from './helpers.js';

const connect = engineChannels();

describe('engine worker protocol', () => {
  it('analyses, runs and trains through messages, with progress coming back as callbacks', async () => {
    const api = connect();
    const doc = example('xor-mlp.bpgraph');
    const analysis = await api.analyze(doc);
    expect(analysis.problems).toEqual([]);
    expect(analysis.shapes.get('h1')).toEqual([4, 8]);
    const reports: TrainProgress[] = [];
    await api.subscribe(
      proxy((p: TrainProgress) => void reports.push(p)),
      proxy(() => undefined),
    );
    await api.setDocument(doc);
    const run = await api.run();
    if (!run.ok) throw new Error(run.message);
    expect(run.values['X'].shape).toEqual([4, 2]);
    expect(run.values['X'].data).toBeInstanceOf(Float32Array);
    await api.step();
    await api.step();
    // Callbacks come back on their own channel: wait for the second report.
    await vi.waitFor(() => expect(reports.at(-1)?.step).toBe(2));
    expect(reports.flatMap((r) => r.points.step)).toEqual([1, 2]);
    const trained = await api.trainedDocument();
    expect(trained?.nodes.find((n) => n.id === 'W1')?.attrs?.['value']).toBeDefined();
  });

  it('answers a bad document with messages, not a broken channel', async () => {
    const api = connect();
    await api.setDocument({ ...example('add-mul.bpgraph'), output: 'nope' });
    expect(await api.run()).toEqual({ ok: false, message: 'output: output node "nope" does not exist' });
    expect((await api.checkTraining())[0].message).toMatch(/no training block/);
  });

  it('says where the digits come from when the page did not', async () => {
    const api = connect();
    await api.setDocument(example('digits-mlp.bpgraph'));
    const run = await api.run();
    expect(run).toMatchObject({ ok: false, message: expect.stringContaining('digits dataset is not available') });
  });
});

/** A worker stand-in that never answers and can be made to die. */
class DeadWorker extends EventTarget implements WorkerLike {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  die(message: string): void {
    const ev = new Event('error') as Event & { message: string };
    ev.message = message;
    this.dispatchEvent(ev);
  }
}

describe('engine client', () => {
  it('restarts a worker that dies, fails its pending calls and resends the document', async () => {
    const workers: DeadWorker[] = [];
    const restarts: string[] = [];
    const client = new EngineClient(
      () => {
        const w = new DeadWorker();
        workers.push(w);
        return w;
      },
      { onProgress: () => undefined, onVisuals: () => undefined, onRestart: (r) => restarts.push(r) },
    );
    const pending = client.setDocument(example('add-mul.bpgraph'));
    workers[0].die('out of memory');
    await expect(pending).rejects.toBeInstanceOf(EngineCrashed);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(restarts).toEqual(['out of memory']);
    // The next call goes to the new worker and fails only if that one dies too.
    const next = client.call<RunReply>((api) => api.run());
    workers[1].die('again');
    await expect(next).rejects.toThrow(/the engine stopped \(again\) and was restarted/);
    client.dispose();
  });
});
