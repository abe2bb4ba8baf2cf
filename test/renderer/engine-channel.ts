/** The engine worker's API over a Node MessageChannel, as the page reaches it over the worker's port; ports close after each test. */
import { expose, wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterEach } from 'vitest';
import { createEngineApi, type EngineApi } from '../../renderer/engine/engine-api.js';

/** Call once per test file: returns `connect`, which gives a fresh engine behind a channel. */
export function engineChannels() {
  const ports: { close(): void }[] = [];
  afterEach(() => {
    for (const p of ports.splice(0)) p.close();
  });
  return function connect() {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    expose(createEngineApi(), port1 as unknown as Parameters<typeof expose>[1]);
    return wrap<EngineApi>(port2 as unknown as Parameters<typeof wrap>[0]);
  };
}
