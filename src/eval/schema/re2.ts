/**
 * Go RE2 (`regexp/syntax`) patterns, translated to JS `RegExp` with the `u` flag.
 *
 * Schema `pattern`s are Go regular expressions: unanchored, `.` not matching `\n`, `\s` being
 * ASCII whitespace only, escapes of any ASCII punctuation allowed, `{` literal when it does not
 * start a repeat, `(?P<name>…)`, `\Q…\E`, `[[:alpha:]]`, `\pL`/`\p{Greek}`, `\x{…}`, octal `\123`,
 * `\A`, `\z`, and `(?s)`/`(?m)` flags. The translation emits each construct with the meaning RE2
 * gives it. Constructs RE2 rejects (look-around, back-references, `\Z`, possessive/nested
 * repeats, counts above 1000) give Go's error text; constructs RE2 accepts that this
 * translation cannot express (`(?i)` other than at the very start, `(?U)`) give an error that
 * says so. Never throws.
 */

export type Re2Result = { regexp: RegExp } | { error: string };

const MAX_REPEAT = 1000;

function goError(code: string, expr: string): { error: string } {
  return { error: `error parsing regexp: ${code}: \`${expr}\`` };
}

function cp(c: number): string {
  return `\\u{${c.toString(16)}}`;
}

/** ASCII whitespace as RE2's `\s`: `[\t\n\f\r ]`. */
const SPACE = '\\t\\n\\f\\r ';
/** The complement of `\s`, as class ranges. */
const NOT_SPACE = '\\u{0}-\\u{8}\\u{b}\\u{e}-\\u{1f}\\u{21}-\\u{10ffff}';

type Ranges = [number, number][];

const POSIX: Record<string, Ranges> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of r) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function emitRanges(r: Ranges): string {
  return r.map(([lo, hi]) => (lo === hi ? cp(lo) : `${cp(lo)}-${cp(hi)}`)).join('');
}

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}
function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9_]$/.test(c);
}

class Translator {
  private readonly chars: string[];
  private i = 0;
  private out = '';
  private ignoreCase = false;
  private dotAll = false;
  private multiLine = false;
  /** Saved (dotAll, multiLine) per open group. */
  private readonly groups: { dotAll: boolean; multiLine: boolean }[] = [];
  /** Whether the last emitted item can take a repeat operator, and whether it was one. */
  private canRepeat = false;
  private lastRepeat = '';

  constructor(private readonly pattern: string) {
    this.chars = Array.from(pattern);
  }

  private peek(k = 0): string | undefined {
    return this.chars[this.i + k];
  }

  run(): Re2Result {
    // `(?i)` (alone or with other flags) at the very start applies to the whole pattern.
    const lead = /^\(\?([ims]+)\)/.exec(this.pattern);
    if (lead) {
      const flags = lead[1] ?? '';
      this.ignoreCase = flags.includes('i');
      this.dotAll = flags.includes('s');
      this.multiLine = flags.includes('m');
      this.i = Array.from(lead[0]).length;
    }
    while (this.i < this.chars.length) {
      const err = this.step();
      if (err) return err;
    }
    if (this.groups.length > 0) return goError('missing closing )', this.pattern);
    try {
      return { regexp: new RegExp(this.out, this.ignoreCase ? 'iu' : 'u') };
    } catch (e) {
      return { error: `error parsing regexp: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  private atom(text: string): void {
    this.out += text;
    this.canRepeat = true;
    this.lastRepeat = '';
  }

  private step(): { error: string } | undefined {
    const c = this.peek() as string;
    switch (c) {
      case '\\':
        return this.escape();
      case '[':
        return this.charClass();
      case '(':
        return this.openGroup();
      case ')': {
        const saved = this.groups.pop();
        if (!saved) return goError('unexpected )', this.pattern);
        this.dotAll = saved.dotAll;
        this.multiLine = saved.multiLine;
        this.i++;
        this.atom(')');
        return undefined;
      }
      case '|':
        this.i++;
        this.out += '|';
        this.canRepeat = false;
        this.lastRepeat = '';
        return undefined;
      case '.':
        this.i++;
        this.atom(this.dotAll ? '[\\s\\S]' : '[^\\n]');
        return undefined;
      case '^':
        this.i++;
        this.out += this.multiLine ? '(?<=^|\\n)' : '^';
        this.canRepeat = true; // RE2 allows `^*`; JS does not, so wrap below on repeat.
        this.lastRepeat = '';
        return undefined;
      case '$':
        this.i++;
        this.out += this.multiLine ? '(?=\\n|$)' : '$';
        this.canRepeat = true;
        this.lastRepeat = '';
        return undefined;
      case '*':
      case '+':
      case '?':
        return this.repeat(c, 1);
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.i, this.i + 24).join(''));
        if (!m) {
          this.i++;
          this.atom('\\{');
          return undefined;
        }
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
          return goError('invalid repeat count', m[0]);
        }
        return this.repeat(m[0], m[0].length);
      }
      case '}':
      case ']':
        this.i++;
        this.atom('\\' + c);
        return undefined;
      default:
        this.i++;
        this.atom(c);
        return undefined;
    }
  }

  private repeat(op: string, len: number): { error: string } | undefined {
    if (this.lastRepeat !== '') {
      return goError('invalid nested repetition operator', this.lastRepeat + op);
    }
    if (!this.canRepeat) return goError('missing argument to repetition operator', op);
    this.i += len;
    let text = op;
    if (this.peek() === '?') {
      this.i++;
      text += '?';
    }
    // JS rejects a repeated assertion; RE2 allows it. Wrap the previous item in a group.
    const tail = /(\^|\$|\(\?<=\^\|\\n\)|\(\?=\\n\|\$\)|\\b|\\B)$/.exec(this.out);
    if (tail) this.out = this.out.slice(0, this.out.length - tail[0].length) + `(?:${tail[0]})`;
    this.out += text;
    this.lastRepeat = text;
    this.canRepeat = false;
    return undefined;
  }

  private openGroup(): { error: string } | undefined {
    const start = this.i;
    this.i++;
    this.groups.push({ dotAll: this.dotAll, multiLine: this.multiLine });
    this.canRepeat = false;
    this.lastRepeat = '';
    if (this.peek() !== '?') {
      this.out += '(';
      return undefined;
    }
    // (?P<name>...) or (?<name>...)
    const named = this.peek(1) === 'P' && this.peek(2) === '<' ? 3 : this.peek(1) === '<' ? 2 : 0;
    if (named > 0) {
      let j = this.i + named;
      let name = '';
      while (isWordChar(this.chars[j])) name += this.chars[j++];
      if (this.chars[j] !== '>' || name === '') {
        if (named === 2 && (this.chars[j] === '=' || this.chars[j] === '!') && name === '') {
          return goError(
            'invalid or unsupported Perl syntax',
            this.chars.slice(start, j + 1).join(''),
          );
        }
        return goError('invalid named capture', this.chars.slice(start, j + 1).join(''));
      }
      this.i = j + 1;
      this.out += `(?<${name}>`;
      return undefined;
    }
    // Flag groups: (?flags) or (?flags:...)
    let j = this.i + 1;
    let flags = '';
    while (j < this.chars.length && /^[imsU-]$/.test(this.chars[j] as string))
      flags += this.chars[j++];
    const close = this.chars[j];
    if (close === ':' || (close === ')' && flags !== '')) {
      const on = flags.split('-')[0] ?? '';
      const off = flags.split('-')[1] ?? '';
      if (
        flags.split('-').length > 2 ||
        flags.endsWith('-') ||
        (flags.startsWith('-') && close === ')' && off === '')
      ) {
        return goError(
          'invalid or unsupported Perl syntax',
          this.chars.slice(start, j + 1).join(''),
        );
      }
      if (/[iU]/.test(flags) && !(flags === 'i' && this.ignoreCase)) {
        return {
          error: `unsupported regular expression: flag group \`${this.chars.slice(start, j + 1).join('')}\``,
        };
      }
      if (on.includes('s')) this.dotAll = true;
      if (on.includes('m')) this.multiLine = true;
      if (off.includes('s')) this.dotAll = false;
      if (off.includes('m')) this.multiLine = false;
      this.i = j + 1;
      if (close === ':') {
        this.out += '(?:';
      } else {
        // `(?s)` applies to the rest of the enclosing group and opens none itself.
        this.groups.pop();
      }
      return undefined;
    }
    return goError('invalid or unsupported Perl syntax', this.chars.slice(start, j + 1).join(''));
  }

  /** Parses an escape at `this.i` (the backslash). `inClass` changes what it may be. */
  private readEscape(inClass: boolean): { text: string; code?: number } | { error: string } {
    const start = this.i;
    this.i++;
    const c = this.peek();
    if (c === undefined) return goError('trailing backslash at end of expression', '');
    this.i++;
    const here = (): string => this.chars.slice(start, this.i).join('');
    switch (c) {
      case 'a':
        return { text: cp(7), code: 7 };
      case 'f':
        return { text: cp(12), code: 12 };
      case 't':
        return { text: cp(9), code: 9 };
      case 'n':
        return { text: cp(10), code: 10 };
      case 'r':
        return { text: cp(13), code: 13 };
      case 'v':
        return { text: cp(11), code: 11 };
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return { text: '\\' + c };
      case 's':
        return { text: inClass ? SPACE : `[${SPACE}]` };
      case 'S':
        return { text: inClass ? NOT_SPACE : `[^${SPACE}]` };
      case 'x': {
        if (this.peek() === '{') {
          let j = this.i + 1;
          let hex = '';
          while (isHex(this.chars[j])) hex += this.chars[j++];
          if (this.chars[j] !== '}' || hex === '' || parseInt(hex, 16) > 0x10ffff) {
            this.i = Math.min(j + 1, this.chars.length);
            return goError('invalid escape sequence', here());
          }
          this.i = j + 1;
          const code = parseInt(hex, 16);
          return { text: cp(code), code };
        }
        if (isHex(this.peek()) && isHex(this.peek(1))) {
          const code = parseInt((this.peek() as string) + (this.peek(1) as string), 16);
          this.i += 2;
          return { text: cp(code), code };
        }
        return goError('invalid escape sequence', here());
      }
      case 'p':
      case 'P': {
        let name: string;
        if (this.peek() === '{') {
          let j = this.i + 1;
          name = '';
          while (j < this.chars.length && this.chars[j] !== '}') name += this.chars[j++];
          if (this.chars[j] !== '}') return goError('missing closing }', here());
          this.i = j + 1;
        } else {
          name = this.peek() ?? '';
          if (name === '') return goError('invalid character class range', here());
          this.i++;
        }
        let negate = c === 'P';
        if (name.startsWith('^')) {
          negate = !negate;
          name = name.slice(1);
        }
        const prop =
          name === 'Any' ? 'Any' : GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
        const text = `\\${negate ? 'P' : 'p'}{${prop}}`;
        try {
          new RegExp(text, 'u');
        } catch {
          return goError('invalid character class range', here());
        }
        return { text };
      }
      default:
        break;
    }
    if (c === '0' || (c >= '1' && c <= '7' && isOctal(this.peek()))) {
      let digits = c;
      while (digits.length < 3 && isOctal(this.peek())) digits += this.chars[this.i++];
      const code = parseInt(digits, 8);
      return { text: cp(code), code };
    }
    if (!inClass) {
      if (c === 'A') return { text: '^' };
      if (c === 'z') return { text: '$' };
      if (c === 'b' || c === 'B') return { text: '\\' + c };
      if (c === 'Q') return { text: '' }; // handled by the caller
    }
    const code = c.codePointAt(0) as number;
    if (code < 0x80 && !/^[A-Za-z0-9]$/.test(c)) return { text: cp(code), code };
    return goError('invalid escape sequence', here());
  }

  private escape(): { error: string } | undefined {
    if (this.peek(1) === 'Q') {
      this.i += 2;
      let lit = '';
      while (this.i < this.chars.length && !(this.peek() === '\\' && this.peek(1) === 'E')) {
        lit += cp((this.peek() as string).codePointAt(0) as number);
        this.i++;
      }
      if (this.i < this.chars.length) this.i += 2;
      if (lit !== '') this.atom(`(?:${lit})`);
      return undefined;
    }
    const e = this.readEscape(false);
    if ('error' in e) return e;
    if (e.text === '^' || e.text === '$' || e.text === '\\b' || e.text === '\\B') {
      this.out += e.text;
      this.canRepeat = true;
      this.lastRepeat = '';
      return undefined;
    }
    this.atom(e.text);
    return undefined;
  }

  private charClass(): { error: string } | undefined {
    const start = this.i;
    this.i++;
    let text = '[';
    if (this.peek() === '^') {
      text += '^';
      this.i++;
    }
    let first = true;
    /** The code point of the previous single item, for ranges. */
    while (true) {
      const c = this.peek();
      if (c === undefined) return goError('missing closing ]', this.chars.slice(start).join(''));
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      // POSIX class [:name:] / [:^name:]
      if (c === '[' && this.peek(1) === ':') {
        const rest = this.chars.slice(this.i).join('');
        const m = /^\[:(\^?)([a-z]+):\]/.exec(rest);
        if (m) {
          const ranges = POSIX[m[2] as string];
          if (!ranges) return goError('invalid character class range', m[0]);
          text += emitRanges(m[1] === '^' ? complement(ranges) : ranges);
          this.i += m[0].length;
          continue;
        }
      }
      const lo = this.classChar();
      if ('error' in lo) return lo;
      if (lo.code === undefined) {
        text += lo.text;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        const rangeStart = this.i - 1;
        this.i++;
        const hi = this.classChar();
        if ('error' in hi) return hi;
        if (hi.code === undefined || hi.code < lo.code) {
          return goError(
            'invalid character class range',
            this.chars.slice(rangeStart, this.i).join(''),
          );
        }
        text += `${lo.text}-${hi.text}`;
        continue;
      }
      text += lo.text;
    }
    this.atom(text + ']');
    return undefined;
  }

  private classChar(): { text: string; code?: number } | { error: string } {
    const c = this.peek() as string;
    if (c === '\\') return this.readEscape(true);
    this.i++;
    const code = c.codePointAt(0) as number;
    return { text: cp(code), code };
  }
}

/** Translates a Go RE2 pattern; an empty pattern matches everything. */
export function compileRe2(pattern: string): Re2Result {
  return new Translator(pattern).run();
}
