/**
 * Checks on every IPC message before a handler sees it: who sent it (our
 * app:// page in the main frame of a window we created), how big it is, and
 * whether it matches the channel's schema in core/host/bridge.ts.
 */
import type { z } from 'zod';
import { MAX_DOCUMENT_BYTES } from '../../core/host/bridge.js';
import { APP_ORIGIN } from '../shell/app-protocol.js';

/** The parts of Electron's IpcMainEvent / IpcMainInvokeEvent the checks read. */
export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** A message refused by the checks; its message is one line naming the channel and the reason. */
export class IpcRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRejection';
  }
}

/** Largest payload accepted on any channel: one document plus room for the small fields around it. */
export const MAX_PAYLOAD_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;
const MAX_DEPTH = 16;

/** Throws unless the message comes from our page, in the main frame of one of our windows. */
export function checkSender(channel: string, event: IpcEventLike, isOurWebContents: (id: number) => boolean): void {
  const frame = event.senderFrame;
  if (frame === null) throw new IpcRejection(`${channel}: refused, the sending frame is gone.`);
  if (frame.parent !== null) throw new IpcRejection(`${channel}: refused, sent from a sub-frame.`);
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    origin = '';
  }
  if (origin !== APP_ORIGIN) throw new IpcRejection(`${channel}: refused, sent from ${origin || 'an unknown page'}, not ${APP_ORIGIN}.`);
  if (!isOurWebContents(event.sender.id)) throw new IpcRejection(`${channel}: refused, the sender is not a window of this app.`);
}

/**
 * An upper bound of the UTF-8 size of a payload, stopping as soon as it
 * passes `limit`; also refuses nesting deeper than any bridge schema has.
 */
export function payloadSize(value: unknown, limit: number, depth = 0): number {
  if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY;
  if (typeof value === 'string') return value.length * 3 <= limit ? value.length * 3 : Buffer.byteLength(value, 'utf8');
  if (value === null || typeof value !== 'object') return 8;
  let total = 2;
  const items: unknown[] = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const item of items) {
    total += payloadSize(item, limit - total, depth + 1) + 1;
    if (total > limit) return total;
  }
  return total;
}

/** Checks size, then schema; returns the parsed payload or throws `IpcRejection`. */
export function parsePayload<S extends z.ZodType>(channel: string, schema: S, payload: unknown, maxBytes: number = MAX_PAYLOAD_BYTES): z.infer<S> {
  const size = payloadSize(payload, maxBytes);
  if (size > maxBytes) throw new IpcRejection(`${channel}: refused, the payload is larger than ${maxBytes} bytes.`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'payload' : issue.path.join('.');
    throw new IpcRejection(`${channel}: refused, ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}
