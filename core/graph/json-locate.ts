/**
 * Maps positions in JSON text to 1-based lines and columns, and JSON paths
 * (`nodes[2].attrs`) back to positions, so that problems found on the parsed
 * value can point into the file. Works on the text directly, without parsing
 * all of it.
 */

/** A JSON path: object keys and array indices from the root. */
export type JsonPath = readonly (string | number)[];

/** Drops a leading UTF-8 byte-order mark, which editors on Windows like to add. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line and column (in UTF-16 code units) of an offset into BOM-free text. */
export function lineColumn(body: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, body.length);
  for (let i = body.indexOf('\n'); i !== -1 && i < end; i = body.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Line and column of the thing at `path` in valid JSON text: the key when the
 * path ends in an object key, else the value. When the path does not exist
 * (a missing field), the deepest existing ancestor is given; the same holds
 * where the text is malformed. Returns `{}` for empty text. Linear in the
 * text before the spot.
 */
export function locate(text: string, path: JsonPath): { line?: number; column?: number } {
  const body = stripBom(text);
  let i = skipWs(body, 0);
  if (i >= body.length) return {};
  let best = i;
  for (const part of path) {
    const open = body.charCodeAt(i);
    if (typeof part === 'number' ? open !== 0x5b : open !== 0x7b) break;
    const found = typeof part === 'number' ? findElement(body, i, part) : findMember(body, i, part);
    if (!found) break;
    best = found.at;
    i = found.value;
  }
  return lineColumn(body, best);
}

function findElement(body: string, open: number, index: number): { at: number; value: number } | undefined {
  let i = skipWs(body, open + 1);
  for (let k = 0; i < body.length && body.charCodeAt(i) !== 0x5d; k++) {
    if (k === index) return { at: i, value: i };
    i = skipWs(body, skipValue(body, i));
    if (body.charCodeAt(i) !== 0x2c) return undefined;
    i = skipWs(body, i + 1);
  }
  return undefined;
}

function findMember(body: string, open: number, key: string): { at: number; value: number } | undefined {
  let i = skipWs(body, open + 1);
  while (i < body.length && body.charCodeAt(i) === 0x22) {
    const keyStart = i;
    const keyEnd = skipString(body, i);
    let name: unknown;
    try {
      name = JSON.parse(body.slice(keyStart, keyEnd));
    } catch {
      return undefined;
    }
    i = skipWs(body, keyEnd);
    if (body.charCodeAt(i) !== 0x3a) return undefined;
    i = skipWs(body, i + 1);
    if (name === key) return { at: keyStart, value: i };
    i = skipWs(body, skipValue(body, i));
    if (body.charCodeAt(i) !== 0x2c) return undefined;
    i = skipWs(body, i + 1);
  }
  return undefined;
}

export function skipWs(body: string, i: number): number {
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Offset just past the string starting at `i` (which holds the opening quote). */
function skipString(body: string, i: number): number {
  for (i++; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return body.length;
}

/** Offset just past the value starting at `i`. */
function skipValue(body: string, i: number): number {
  const c = body.charCodeAt(i);
  if (c === 0x22) return skipString(body, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < body.length) {
      const d = body.charCodeAt(i);
      if (d === 0x22) {
        i = skipString(body, i);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < body.length) {
    const d = body.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    i++;
  }
  return i;
}

