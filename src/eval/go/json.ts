/**
 * Go `encoding/json` behaviours that ESC exposes: `json.Marshal` (fn::toJSON) and a
 * `json.Decoder` with `UseNumber` reading one value (fn::fromJSON).
 *
 * Both are iterative (no recursion), so 10,000-deep input cannot overflow the JS stack.
 */
import { NumberText, type Plain, type Value } from '../value.js';
import { goQuote } from './quote.js';
import { bytesToString, compareUtf8, decodeRune, RUNE_ERROR, utf8Bytes } from '../../base/utf8.js';

// ------------------------------------------------------------------------------------------------
// Marshal

const HEX = '0123456789abcdef';

function escapeAscii(c: number): string | undefined {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x08:
      return '\\b'; // Go >= 1.22; older Go wrote \u0008
    case 0x0c:
      return '\\f'; // Go >= 1.22; older Go wrote \u000c
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x3c: // <, >, & are escaped because Marshal uses HTML-safe escaping
    case 0x3e:
    case 0x26:
      return '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
  }
  if (c < 0x20) return '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
  return undefined;
}

/**
 * A string as Go's JSON encoder writes it (with HTML escaping): `"`, `\`, `\b \f \n \r \t`, other
 * control characters as `\u00XX`, `< > &` as `\u003c \u003e \u0026`, U+2028/U+2029 escaped,
 * every invalid UTF-8 byte (or lone surrogate) as `\ufffd`, everything else raw.
 */
export function quoteJSONString(s: string | Uint8Array): string {
  let out = '"';
  if (typeof s === 'string') {
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let rep: string | undefined;
      if (c < 0x80) rep = escapeAscii(c);
      else if (c === 0x2028) rep = '\\u2028';
      else if (c === 0x2029) rep = '\\u2029';
      else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
        rep = '\\ufffd';
      }
      if (rep !== undefined) {
        out += s.slice(start, i) + rep;
        start = i + 1;
      }
    }
    return out + s.slice(start) + '"';
  }
  for (let i = 0; i < s.length;) {
    const c = s[i] as number;
    if (c < 0x80) {
      out += escapeAscii(c) ?? String.fromCharCode(c);
      i++;
      continue;
    }
    const [r, w] = decodeRune(s, i);
    if (r === RUNE_ERROR && w === 1) out += '\\ufffd';
    else if (r === 0x2028) out += '\\u2028';
    else if (r === 0x2029) out += '\\u2029';
    else out += String.fromCodePoint(r);
    i += w;
  }
  return out + '"';
}

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/** Whether Go's `json.Number` would marshal this text (it rejects e.g. `+Inf`, `NaN`, `1.`). */
export function isValidJSONNumber(text: string): boolean {
  return NUMBER.test(text);
}

/**
 * Go `json.Marshal` of a known value (secrets revealed; unknown parts are the caller's concern
 * and print as `null`): compact, object keys sorted by bytes, numbers as their text. Go refuses
 * number texts that are not JSON (`+Inf`, `NaN`): check with `isValidJSONNumber` if it matters;
 * here they are written as they are.
 */
export function marshalJSON(v: Value, limit = Infinity): string | undefined {
  const parts: string[] = [];
  let length = 0;
  // Work list: a value to write, or a literal piece of text.
  const work: Array<Value | string> = [v];
  const push = (s: string): void => {
    parts.push(s);
    length += s.length;
  };
  while (work.length > 0) {
    if (length > limit) return undefined;
    const item = work.pop() as Value | string;
    if (typeof item === 'string') {
      push(item);
      continue;
    }
    const r = item.repr;
    if (r === null) push('null');
    else if (typeof r === 'boolean') push(r ? 'true' : 'false');
    else if (r instanceof NumberText) push(r.text === '' ? '0' : r.text);
    else if (typeof r === 'string' || r instanceof Uint8Array) {
      // A quoted string is at least 2 characters longer than its text (bytes: ≥ 1 per 4 bytes).
      const least = (typeof r === 'string' ? r.length : r.length / 4) + 2;
      if (length + least > limit) return undefined;
      push(quoteJSONString(r));
    } else if (Array.isArray(r)) {
      push('[');
      work.push(']');
      for (let i = r.length - 1; i >= 0; i--) {
        work.push(r[i] as Value);
        if (i > 0) work.push(',');
      }
    } else {
      push('{');
      work.push('}');
      const keys = [...r.keys()].sort(compareUtf8);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        work.push(r.get(k) as Value);
        work.push(quoteJSONString(k) + ':');
        if (i > 0) work.push(',');
      }
    }
  }
  return length <= limit ? parts.join('') : undefined;
}

// ------------------------------------------------------------------------------------------------
// Decode

/** Go's `maxNestingDepth` in encoding/json's scanner. */
export const MAX_JSON_DEPTH = 10000;

type Frame = { arr: Plain[] } | { obj: { [key: string]: Plain }; key: string };

class JSONSyntaxError {
  constructor(readonly message: string) {}
}

/** Go's `quoteChar`: a byte shown in an error message. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const UNEXPECTED_EOF = 'unexpected EOF';

/**
 * Go `json.NewDecoder(r)` with `UseNumber()`, one `Decode(&v)` into `interface{}`: reads only the
 * first JSON value (whatever follows is ignored), numbers become `NumberText` with their literal
 * text, duplicate keys keep the last value, objects are prototype-free. Errors carry Go's text:
 * `EOF` for empty input, `unexpected EOF` for a truncated value, `invalid character ...` for a
 * syntax error (including `invalid character '[' exceeded max depth` past 10,000 levels).
 * Gives up (`exceeded`) past `maxValues` values; `values` counts them.
 */
export function parseJSONWithin(
  text: string | Uint8Array,
  maxValues: number,
): { value: Plain; values: number } | { error: string } | { exceeded: true } {
  const b = typeof text === 'string' ? utf8Bytes(text) : text;
  const d = new Decoder(b, maxValues);
  try {
    return { value: d.decode(), values: d.values };
  } catch (e) {
    if (e instanceof JSONSyntaxError) return { error: e.message };
    if (e === TOO_MANY_VALUES) return { exceeded: true };
    throw e;
  }
}

/** Thrown (and caught in `parseJSONWithin`) when a document holds more values than asked for. */
const TOO_MANY_VALUES = new Error('too many values');

class Decoder {
  private i = 0;
  private readonly stack: Frame[] = [];
  /** Values begun so far (containers and scalars). */
  values = 0;
  constructor(
    private readonly b: Uint8Array,
    private readonly maxValues: number,
  ) {}

  private fail(c: number | undefined, context: string): never {
    if (c === undefined) throw new JSONSyntaxError(UNEXPECTED_EOF);
    throw new JSONSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  /** The next non-space byte (not consumed), or undefined at the end. */
  private skipSpace(): number | undefined {
    const b = this.b;
    while (this.i < b.length && isSpace(b[this.i] as number)) this.i++;
    return b[this.i];
  }

  decode(): Plain {
    const first = this.skipSpace();
    if (first === undefined) throw new JSONSyntaxError('EOF');
    let value: Plain;
    for (;;) {
      // Begin a value.
      const c = this.skipSpace();
      if (c === undefined) this.fail(c, '');
      if (++this.values > this.maxValues) throw TOO_MANY_VALUES;
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (this.stack.length >= MAX_JSON_DEPTH) this.fail(c, 'exceeded max depth');
        this.i++;
        const d = this.skipSpace();
        if (c === 0x5b) {
          if (d === 0x5d /* ] */) {
            this.i++;
            value = [];
          } else {
            this.stack.push({ arr: [] });
            continue;
          }
        } else if (d === 0x7d /* } */) {
          this.i++;
          value = Object.create(null) as { [key: string]: Plain };
        } else {
          if (d !== 0x22) this.fail(d, 'looking for beginning of object key string');
          const key = this.readString();
          const e = this.skipSpace();
          if (e !== 0x3a /* : */) this.fail(e, 'after object key');
          this.i++;
          this.stack.push({ obj: Object.create(null) as { [key: string]: Plain }, key });
          continue;
        }
      } else if (c === 0x22) value = this.readString();
      else if (c === 0x2d || isDigit(c)) value = this.readNumber();
      else if (c === 0x74) value = this.readLiteral('true', true);
      else if (c === 0x66) value = this.readLiteral('false', false);
      else if (c === 0x6e) value = this.readLiteral('null', null);
      else this.fail(c, 'looking for beginning of value');

      // End of a value: attach it to its container, closing containers as they end.
      for (;;) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return value;
        const e = this.skipSpace();
        if ('arr' in top) {
          top.arr.push(value);
          if (e === 0x2c /* , */) {
            this.i++;
            break;
          }
          if (e !== 0x5d) this.fail(e, 'after array element');
          this.i++;
          this.stack.pop();
          value = top.arr;
        } else {
          top.obj[top.key] = value;
          if (e === 0x2c) {
            this.i++;
            const d = this.skipSpace();
            if (d !== 0x22) this.fail(d, 'looking for beginning of object key string');
            top.key = this.readString();
            const f = this.skipSpace();
            if (f !== 0x3a) this.fail(f, 'after object key');
            this.i++;
            break;
          }
          if (e !== 0x7d) this.fail(e, 'after object key:value pair');
          this.i++;
          this.stack.pop();
          value = top.obj;
        }
      }
    }
  }

  private readLiteral(word: string, v: boolean | null): boolean | null {
    const b = this.b;
    this.i++;
    for (let k = 1; k < word.length; k++) {
      const c = b[this.i];
      if (c !== word.charCodeAt(k)) this.fail(c, `in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
    return v;
  }

  private readNumber(): NumberText {
    const b = this.b;
    const start = this.i;
    if (b[this.i] === 0x2d) {
      this.i++;
      const c = b[this.i];
      if (c === undefined || !isDigit(c)) this.fail(c, 'in numeric literal');
    }
    if (b[this.i] === 0x30) this.i++;
    else while (this.i < b.length && isDigit(b[this.i] as number)) this.i++;
    if (b[this.i] === 0x2e /* . */) {
      this.i++;
      const c = b[this.i];
      if (c === undefined || !isDigit(c)) this.fail(c, 'after decimal point in numeric literal');
      while (this.i < b.length && isDigit(b[this.i] as number)) this.i++;
    }
    if (b[this.i] === 0x65 || b[this.i] === 0x45) {
      this.i++;
      if (b[this.i] === 0x2b || b[this.i] === 0x2d) this.i++;
      const c = b[this.i];
      if (c === undefined || !isDigit(c)) this.fail(c, 'in exponent of numeric literal');
      while (this.i < b.length && isDigit(b[this.i] as number)) this.i++;
    }
    return new NumberText(
      Buffer.from(b.buffer, b.byteOffset + start, this.i - start).toString('latin1'),
    );
  }

  /** Reads a string starting at the opening quote; Go's unquoting rules. */
  private readString(): string {
    const b = this.b;
    this.i++; // opening quote
    let out = '';
    let seg = this.i;
    for (;;) {
      const c = b[this.i];
      if (c === undefined) this.fail(c, '');
      if (c === 0x22) {
        out += bytesToString(b.subarray(seg, this.i));
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += bytesToString(b.subarray(seg, this.i));
      this.i++;
      const e = b[this.i];
      switch (e) {
        case 0x22:
        case 0x5c:
        case 0x2f:
          out += String.fromCharCode(e);
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          let r = this.readHex4();
          if (r >= 0xd800 && r < 0xe000) {
            // A surrogate: only a high one followed by an escaped low one makes a pair; otherwise
            // U+FFFD, and the following escape (if any) is read on its own.
            let paired = false;
            if (r < 0xdc00 && b[this.i + 1] === 0x5c && b[this.i + 2] === 0x75) {
              const save = this.i;
              this.i += 2;
              const r2 = this.readHex4();
              if (r2 >= 0xdc00 && r2 < 0xe000) {
                r = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
                paired = true;
              } else this.i = save;
            }
            if (!paired) r = RUNE_ERROR;
          }
          out += String.fromCodePoint(r);
          break;
        }
        default:
          this.fail(e, 'in string escape code');
      }
      this.i++;
      seg = this.i;
    }
  }

  /** Reads the 4 hex digits after `\u` (this.i at the `u`); leaves this.i on the last digit. */
  private readHex4(): number {
    const b = this.b;
    let r = 0;
    for (let k = 1; k <= 4; k++) {
      const c = b[this.i + k];
      const h = c === undefined ? -1 : hexVal(c);
      if (h < 0) {
        this.i += k;
        this.fail(c, 'in \\u hexadecimal character escape');
      }
      r = r * 16 + h;
    }
    this.i += 4;
    return r;
  }
}
