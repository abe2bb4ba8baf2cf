/**
 * Finds the first JSON syntax error and says what was expected there. Used
 * only after `JSON.parse` has failed, because V8's own messages vary between
 * versions and often lack a position. Iterative, so deep input is harmless.
 */

import { skipWs } from './json-locate.js';

const OBJECT = 0;
const ARRAY = 1;

type Expect = 'value' | 'key' | 'after';

/** Offset and message of the first syntax error, or undefined if the text is valid JSON. */
export function findSyntaxError(body: string): { offset: number; message: string } | undefined {
  const n = body.length;
  const stack: number[] = [];
  let expect: Expect = 'value';
  let afterComma = false;
  let i = 0;
  for (;;) {
    i = skipWs(body, i);
    if (i >= n) {
      if (expect === 'after' && stack.length === 0) return undefined;
      if (expect === 'value' && stack.length === 0) return { offset: n, message: 'the file is empty' };
      return { offset: n, message: `unexpected end of file${stack.length ? `; ${stack.length} unclosed bracket${stack.length > 1 ? 's' : ''}` : ''}` };
    }
    const c = body.charCodeAt(i);
    if (expect === 'after') {
      if (stack.length === 0) return { offset: i, message: `unexpected ${show(body, i)} after the end of the data` };
      const top = stack[stack.length - 1];
      const close = top === OBJECT ? 0x7d : 0x5d;
      if (c === 0x2c) {
        i++;
        afterComma = true;
        expect = top === OBJECT ? 'key' : 'value';
      } else if (c === close) {
        stack.pop();
        i++;
      } else {
        const wanted = top === OBJECT ? "',' or '}'" : "',' or ']'";
        return { offset: i, message: `unexpected ${show(body, i)}, expected ${wanted}` };
      }
      continue;
    }
    if (afterComma && (c === 0x7d || c === 0x5d)) return { offset: i, message: `trailing comma before ${show(body, i)}` };
    afterComma = false;
    if (expect === 'key') {
      if (c !== 0x22) return { offset: i, message: `unexpected ${show(body, i)}, expected a property name in double quotes` };
      const s = scanString(body, i);
      if (typeof s !== 'number') return s;
      i = skipWs(body, s);
      if (body.charCodeAt(i) !== 0x3a) {
        return { offset: i, message: i >= n ? 'unexpected end of file, expected \':\'' : `unexpected ${show(body, i)}, expected ':' after the property name` };
      }
      i++;
      expect = 'value';
      continue;
    }
    // expect === 'value'
    if (c === 0x7b || c === 0x5b) {
      const closing = c === 0x7b ? 0x7d : 0x5d;
      const j = skipWs(body, i + 1);
      if (body.charCodeAt(j) === closing) {
        i = j + 1;
        expect = 'after';
      } else {
        stack.push(c === 0x7b ? OBJECT : ARRAY);
        i++;
        expect = c === 0x7b ? 'key' : 'value';
      }
      continue;
    }
    const end = c === 0x22 ? scanString(body, i) : c === 0x2d || (c >= 0x30 && c <= 0x39) ? scanNumber(body, i) : scanWord(body, i);
    if (typeof end !== 'number') return end;
    i = end;
    expect = 'after';
  }
}

function scanString(body: string, start: number): number | { offset: number; message: string } {
  for (let i = start + 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) {
      const what = c === 0x0a || c === 0x0d ? 'line break' : 'control character';
      return { offset: i, message: `${what} inside a string (write it as an escape such as \\n)` };
    }
    if (c === 0x5c) {
      const e = body[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in a string' };
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        i++;
      } else {
        return { offset: i, message: `invalid escape ${e === undefined ? '\\' : JSON.stringify(`\\${e}`)} in a string` };
      }
    }
  }
  return { offset: start, message: 'unterminated string' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanNumber(body: string, start: number): number | { offset: number; message: string } {
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(body);
  const end = m ? start + m[0].length : start;
  // A digit, '.', 'e' or letter straight after the match means the number itself is malformed (01, 1., 1e, 1x).
  if (!m || (end < body.length && /[\w.+-]/.test(body[end]))) {
    const t = token(body, start);
    return { offset: start, message: `invalid number ${JSON.stringify(t)}${nonJsonHint(t)}` };
  }
  return end;
}

function scanWord(body: string, start: number): number | { offset: number; message: string } {
  for (const word of ['true', 'false', 'null']) {
    if (body.startsWith(word, start) && !/\w/.test(body[start + word.length] ?? '')) return start + word.length;
  }
  const t = token(body, start);
  return { offset: start, message: `unexpected ${/^\w/.test(t) ? JSON.stringify(t) : show(body, start)}, expected a value${nonJsonHint(t)}` };
}

function nonJsonHint(t: string): string {
  return /^(NaN|-?Infinity|undefined)$/.test(t) ? ' (JSON has no NaN, Infinity or undefined)' : '';
}

/** The run of word-like characters at `i`, for messages. */
function token(body: string, i: number): string {
  const m = /[\w.+-]{1,40}/y;
  m.lastIndex = i;
  return m.exec(body)?.[0] ?? body.slice(i, i + 1);
}

function show(body: string, i: number): string {
  const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
  if (ch === "'") return `"'"`;
  // Control characters are shown escaped so the message stays on one line.
  return `'${ch < ' ' ? JSON.stringify(ch).slice(1, -1) : ch}'`;
}
