// Reads a step's output the way the GitHub runner does, and finds the first line of each secret
// that the runner would show unmasked. Shared by every end-to-end test that checks masking.
//
// The runner (actions/runner: ProcessInvoker, OutputManager, ActionCommand, ActionCommandManager,
// SecretMasker):
// - reads stdout and stderr line by line, a line ending at `\r`, `\n` or `\r\n`;
// - parses a line as a workflow command after trimming its start (`   ::add-mask::x` counts);
// - `::add-mask::<data>` (data unescaped: %0D, %0A, %25) registers the data whole and each of its
//   pieces split at `\r`/`\n`, trimmed, empty pieces dropped; nothing if the data is blank. The
//   line itself is not shown; the mask applies to the lines after it, not to earlier ones;
// - shows every other line (command messages unescaped) with every registered value replaced by
//   `***`, exact matches only (this helper does not credit the runner's extra encoders: JSON,
//   URI, base64… forms of a value are not assumed masked).
import { inspect } from 'node:util';
import type { RunResult } from '../../scripts/stack/index.mjs';

export interface Unmasked {
  /** The secret, as the test gave it. */
  secret: string;
  /** The text of the secret the line shows (a line of it, trimmed, or an escaped form). */
  shown: string;
  /** The line as the runner would show it, after the masks registered so far. */
  line: string;
  /** 1-based line number in the stream (lines split at `\r` and `\n`). */
  lineNo: number;
  stream: 'stdout' | 'stderr';
}

/** Lines of a secret shorter than this are not looked for on their own (e.g. `}` of a JSON key). */
const MIN_PIECE = 4;

/** Lines as the runner reads them. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const unescapeData = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** A workflow command as the runner parses it (`::name props::data`, after trimming the start). */
export function parseCommand(line: string): { name: string; data: string } | undefined {
  const t = line.trimStart();
  if (t.startsWith('::')) {
    const end = t.indexOf('::', 2);
    if (end < 0) return undefined;
    const info = t.slice(2, end);
    const space = info.indexOf(' ');
    return {
      name: (space < 0 ? info : info.slice(0, space)).toLowerCase(),
      data: unescapeData(t.slice(end + 2)),
    };
  }
  // The legacy form, anywhere in the line: ##[name props]data
  const p = line.indexOf('##[');
  const rb = p < 0 ? -1 : line.indexOf(']', p);
  if (rb < 0) return undefined;
  const info = line.slice(p + 3, rb);
  const space = info.indexOf(' ');
  return {
    name: (space < 0 ? info : info.slice(0, space)).toLowerCase(),
    data: unescapeData(line.slice(rb + 1)),
  };
}

/** The values the runner masks for one `::add-mask::` data. */
export function runnerMasks(data: string): string[] {
  if (data.trim() === '') return [];
  const pieces = data
    .split(/[\r\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return [data, ...pieces];
}

/** `text` with every mask replaced by `***` (overlapping matches merged, as the runner does). */
export function applyMasks(text: string, masks: ReadonlySet<string>): string {
  const hidden = new Array<boolean>(text.length).fill(false);
  for (const m of masks) {
    if (m === '') continue;
    for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) {
      for (let j = i; j < i + m.length; j++) hidden[j] = true;
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += '***';
  }
  return out;
}

/**
 * What would reveal a secret in a line: each of its lines, trimmed (for a multi-line secret,
 * those of at least MIN_PIECE characters), and their JSON and `util.inspect` (Node's error
 * messages) escaped forms when they differ.
 */
export function secretNeedles(secret: string): string[] {
  const lines = runnerLines(secret.replace(/(\r\n|\r|\n)$/, ''))
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const pieces = lines.length > 1 ? lines.filter((l) => l.length >= MIN_PIECE) : lines;
  const out = new Set<string>();
  for (const p of [...pieces, ...(lines.length > 1 ? [secret.trim()] : [])]) {
    out.add(p);
    out.add(JSON.stringify(p).slice(1, -1));
    out.add(inspect(p, { breakLength: Infinity, maxStringLength: Infinity }).slice(1, -1));
  }
  return [...out].filter((n) => n !== '');
}

function scan(
  text: string,
  stream: Unmasked['stream'],
  secrets: readonly string[],
  masks: Set<string>,
  found: Unmasked[],
): void {
  const needles = secrets.map((s) => ({ secret: s, needles: secretNeedles(s) }));
  runnerLines(text).forEach((raw, i) => {
    const cmd = parseCommand(raw);
    if (cmd?.name === 'add-mask') {
      for (const m of runnerMasks(cmd.data)) masks.add(m);
      return;
    }
    // A command's message is shown unescaped; check the raw line too (its properties show).
    const views = cmd === undefined ? [raw] : [raw, cmd.data];
    for (const view of views) {
      const shown = applyMasks(view, masks);
      for (const { secret, needles: ns } of needles) {
        const n = ns.find((x) => shown.includes(x));
        if (n !== undefined && !found.some((f) => f.secret === secret)) {
          found.push({ secret, shown: n, line: shown, lineNo: i + 1, stream });
        }
      }
    }
  });
}

/**
 * The first line (per secret) where the runner would show a secret unmasked: stdout in order,
 * each `::add-mask::` taking effect from the next line; then stderr, whose interleaving with
 * stdout is unknown, with the masks stdout registered by its end plus its own.
 */
export function unmaskedSecrets(
  output: string | Pick<RunResult, 'stdout' | 'stderr'>,
  secrets: readonly string[],
): Unmasked[] {
  const { stdout, stderr } = typeof output === 'string' ? { stdout: output, stderr: '' } : output;
  const masks = new Set<string>();
  const found: Unmasked[] = [];
  scan(stdout, 'stdout', secrets, masks, found);
  scan(stderr, 'stderr', secrets, masks, found);
  return found;
}

/**
 * Fails, quoting the offending line number and the log around it, when any of `secrets` would
 * show unmasked. Checks that the secrets are worth checking (non-empty, distinct from "***").
 */
export function expectMasked(
  output: string | Pick<RunResult, 'stdout' | 'stderr'>,
  secrets: readonly (string | undefined)[],
): void {
  const list = secrets.map((s, i) => {
    if (s === undefined || s.trim() === '') throw new Error(`secret #${i} to check is empty`);
    return s;
  });
  const found = unmaskedSecrets(output, list);
  if (found.length === 0) return;
  const f = found[0] as Unmasked;
  const text = typeof output === 'string' ? output : output[f.stream];
  const lines = runnerLines(text);
  const around = lines
    .slice(Math.max(0, f.lineNo - 6), f.lineNo + 2)
    .map((l, k) => `${Math.max(1, f.lineNo - 5) + k}: ${l}`)
    .join('\n');
  throw new Error(
    `${found.length} secret(s) shown unmasked; first: ${JSON.stringify(f.shown)} on ${f.stream} ` +
      `line ${f.lineNo}, shown as:\n  ${f.line}\n--- ${f.stream} around it ---\n${around}`,
  );
}
