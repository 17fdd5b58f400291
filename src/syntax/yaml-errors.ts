/**
 * YAML syntax errors worded for the person who has to fix them. The `yaml` package reports some
 * errors where it gave up (the end of the file for an unclosed quote or bracket); here each points
 * at the character to fix (the opening quote or bracket, the offending `:`, the tab) and says what
 * to do. The text starts with `yaml: ` like go-yaml's, and never repeats the line number: the
 * diagnostic's range carries the line and column.
 */
import { isCollection, isMap, isScalar, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';

export interface YamlErrorReport {
  /** The message, starting with `yaml: `. */
  summary: string;
  /** The JS string offset the message is about. */
  offset: number;
}

/** The innermost node of `doc` that `match` accepts and that ends at `end`, by start offset. */
function innermostEndingAt(
  doc: Document.Parsed,
  end: number,
  match: (node: unknown) => boolean,
): number | undefined {
  let best: number | undefined;
  visit(doc, (_key, node) => {
    if (!(isScalar(node) || isCollection(node)) || !match(node)) return;
    const range = node.range;
    if (range && range[1] === end && range[0] < end && (best === undefined || range[0] > best))
      best = range[0];
  });
  return best;
}

/** The offset of the first `:` at or after `from` that starts a mapping value (`: `, `:` EOL). */
function nextMappingColon(text: string, from: number): number | undefined {
  const re = /:(?=[ \t\r\n]|$)/g;
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : undefined;
}

/**
 * A message with its first letter in lower case, as every message of esc-action (and ESC) starts;
 * a word in capitals (`YAML`, `UTF-8`) is kept.
 */
export function lowerFirst(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message[0]!.toLowerCase() + message.slice(1) : message;
}

/** Rewords the first error of `doc` (parsed from `text`) and places it where it can be fixed. */
export function describeYamlError(
  text: string,
  doc: Document.Parsed,
  error: YAMLError,
): YamlErrorReport {
  const at = error.pos[0];
  const message = error.message.split('\n')[0] ?? error.message;
  // The library's messages start with a capital; ours (and go-yaml's) do not.
  const shown = lowerFirst(message);
  const plain = { summary: `yaml: ${shown}`, offset: at };
  switch (error.code) {
    case 'MISSING_CHAR': {
      const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
      if (quote !== undefined) {
        const type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
        const start = innermostEndingAt(
          doc,
          at,
          (n) => isScalar(n) && (n as { type?: string }).type === type,
        );
        return {
          summary: `yaml: this ${quote}-quoted string is never closed: add the closing ${quote}`,
          offset: start ?? at,
        };
      }
      if (/^Implicit map keys need to be followed by map values/.test(message)) {
        return {
          summary: `yaml: ${shown}: add ":" after the key, or fix the indentation`,
          offset: at,
        };
      }
      return unclosedFlow(doc, message, at) ?? plain;
    }
    case 'BAD_INDENT': {
      const flow = unclosedFlow(doc, message, at);
      if (flow) return flow;
      if (/must start at the same column/.test(message)) {
        // The parser reports the start of the line: point at the item itself.
        let item = at;
        while (text[item] === ' ') item++;
        return {
          summary: `yaml: ${shown}: indent this line like the items above it`,
          offset: item,
        };
      }
      return plain;
    }
    case 'TAB_AS_INDENT':
      return {
        summary: 'yaml: tabs are not allowed as indentation: indent with spaces',
        offset: at,
      };
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // The value that starts at `at` holds a `key: value`, on its line or a more indented next one.
      const colon = nextMappingColon(text, at);
      return {
        summary:
          'yaml: mapping values are not allowed in this context: this ":" is inside a plain value; ' +
          'quote the value, or put this key on its own line indented like its siblings',
        offset: colon ?? at,
      };
    }
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        summary: `yaml: ${shown}: is a ":" missing after this key, or is the next line indented too much?`,
        offset: at,
      };
    case 'BAD_DQ_ESCAPE': {
      // Only the backslash and the character after it: the parser quotes up to 8 more
      // characters of the string, which may be part of a secret.
      const escape =
        text[at] === '\\'
          ? Array.from(text.slice(at, at + 3))
              .slice(0, 2)
              .join('')
          : '';
      const shown = escape && !/[\s\p{C}]/u.test(escape) ? ` ${escape}` : '';
      return {
        summary: `yaml: invalid escape sequence${shown} in a double-quoted string: write \\\\ for a backslash, or use single quotes`,
        offset: at,
      };
    }
    default:
      return plain;
  }
}

/** For "Flow sequence/map … end with a ]/}": the unclosed opening bracket. */
function unclosedFlow(
  doc: Document.Parsed,
  message: string,
  at: number,
): YamlErrorReport | undefined {
  const m = /^Flow (sequence|map)\b.*end with an? ([\]}])/.exec(message);
  if (!m) return undefined;
  const wantMap = m[1] === 'map';
  const start = innermostEndingAt(
    doc,
    at,
    (n) => isCollection(n) && (n as { flow?: boolean }).flow === true && isMap(n) === wantMap,
  );
  const open = wantMap ? '{' : '[';
  return {
    summary:
      `yaml: this ${open} is never closed: add the closing ${m[2]} ` +
      '(lines inside it must also be indented more than its key)',
    offset: start ?? at,
  };
}
