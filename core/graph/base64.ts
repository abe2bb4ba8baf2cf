/**
 * Standard base64 (RFC 4648, `+/`, `=` padding) for stored weights. Written
 * by hand because `core/` may use neither Node's Buffer nor the DOM's atob.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code → 6-bit value, or -1 for characters outside the alphabet. */
const DECODE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

const ENCODE = Array.from(ALPHABET);

/** A base64 string that cannot be decoded; the message says where and why. */
export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

/** Encodes bytes as padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  // Joining chunks keeps memory flat and avoids quadratic string building on 10 MB inputs.
  const chunks: string[] = [];
  const CHUNK = 3 * 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    const out: string[] = [];
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out.push(ENCODE[n >>> 18] + ENCODE[(n >>> 12) & 63] + ENCODE[(n >>> 6) & 63] + ENCODE[n & 63]);
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i] << 16;
      out.push(ENCODE[n >>> 18] + ENCODE[(n >>> 12) & 63] + '==');
    } else if (rest === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out.push(ENCODE[n >>> 18] + ENCODE[(n >>> 12) & 63] + ENCODE[(n >>> 6) & 63] + '=');
    }
    chunks.push(out.join(''));
  }
  return chunks.join('');
}

/** Number of bytes a base64 string of this length decodes to, ignoring validity. */
export function base64ByteLength(text: string): number {
  let len = text.length;
  if (len > 0 && text.charCodeAt(len - 1) === 61) len--;
  if (len > 0 && text.charCodeAt(len - 1) === 61) len--;
  return Math.floor((len * 3) / 4);
}

/**
 * Decodes base64, with or without trailing `=` padding. Throws Base64Error
 * for characters outside the alphabet, misplaced padding or an impossible
 * length (one character left over).
 */
export function decodeBase64(text: string): Uint8Array {
  let len = text.length;
  let pad = 0;
  while (pad < 2 && len > 0 && text.charCodeAt(len - 1) === 61) {
    len--;
    pad++;
  }
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) {
      const shown = c === 61 ? "'=' before the end" : `character ${JSON.stringify(text[i])}`;
      throw new Base64Error(`base64 text has an invalid ${shown} at position ${i}`);
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  // Checked after the characters, whose errors are the more useful ones to report.
  if (pad > 0 && (len + pad) % 4 !== 0) throw new Base64Error(`base64 padding is wrong (length ${text.length} is not a multiple of 4)`);
  if (len % 4 === 1) throw new Base64Error(`base64 text has an impossible length ${text.length}`);
  return out;
}
