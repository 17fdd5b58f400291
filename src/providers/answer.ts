/**
 * Answers that are not the service's: a proxy's or load balancer's HTML page, a `502` in plain
 * text, an empty error body. Messages about them give the HTTP status and a short excerpt of the
 * body (printable, whitespace collapsed, bounded, HTML tags dropped, anything shaped like a JWT
 * hidden), never the SDK's "Unknown" or a parser's complaint. Pure and light: the token source
 * uses it too.
 */

/** The longest excerpt of a body quoted in a message, in characters. */
export const EXCERPT_CHARS = 160;

/** How much of an answer is read to decide whether it is foreign and to quote it. */
export const FOREIGN_BODY_LIMIT = 64 * 1024;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * Whether `body` is an HTML page (a proxy's, a portal's), judged by its start; an XHTML page's
 * XML declaration (tinyproxy's pages have one) is skipped.
 */
export function looksLikeHtml(body: string): boolean {
  return /^\s*(<\?xml\b[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(
    body,
  );
}

function htmlText(body: string): string {
  return body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e.startsWith('#')) {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1));
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/**
 * A short, printable excerpt of `body`: HTML reduced to its text, control and format characters
 * (including lone `\r`, bidi controls, U+2028) turned into spaces, whitespace collapsed, JWT-shaped
 * strings replaced by `***`, at most `max` characters (then `…`, cut between words). Empty for a
 * blank body.
 */
export function bodyExcerpt(body: string, max = EXCERPT_CHARS): string {
  const text = looksLikeHtml(body) ? htmlText(body) : body;
  const flat = text
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFD]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  // Cut between words: a word cut short (a secret, a token, an encoded value) could not be
  // matched by the runner's masks, so a word that does not fit is left out whole.
  let cut = chars.slice(0, max).join('');
  if (chars[max] !== ' ') cut = cut.slice(0, Math.max(0, cut.lastIndexOf(' ')));
  return `${cut.trimEnd()}…`;
}

/**
 * Names that carry credentials in a body: AWS credential fields (an STS answer in a shape the SDK
 * cannot read, a credentials file), the headers of a signed or proxied request, SigV4 query
 * parameters, and access key ids themselves.
 */
const CREDENTIAL_SHAPED =
  /AccessKeyId|SecretAccessKey|SecretKey|SessionToken|SecurityToken|aws_access_key_id|aws_secret_access_key|aws_session_token|Authorization|X-Amz-Credential|X-Amz-Signature|Credential=|Signature=|\b(AKIA|ASIA)[A-Z0-9]{12,}/i;

/**
 * What a server echoing our request shows: a request line, or form-encoded parameters (the AWS
 * query protocol's body, in which the action sends a role's external id, tags and policy).
 */
const REQUEST_ECHO =
  /\b(GET|POST|PUT|CONNECT|HEAD) \S+ HTTP\/[0-9.]+|(^|[\s?&"'])[A-Za-z][\w.]*=[^&\s]*&[A-Za-z][\w.]*=/;

/**
 * Why `body` must not be quoted at all, or undefined: it carries credential-shaped fields, or it
 * echoes the request (whose parameters may hold secrets in an encoding the log cannot mask).
 */
export function withheldReason(body: string): string | undefined {
  if (CREDENTIAL_SHAPED.test(body)) return 'it holds credential-shaped fields';
  if (REQUEST_ECHO.test(body)) return 'it echoes the request';
  return undefined;
}

/** `: "<excerpt>"`, ` (empty body)`, or ` (body not quoted: <why>)` (see `withheldReason`). */
export function quotedBody(body: string): string {
  const withheld = withheldReason(body);
  if (withheld !== undefined) return ` (body not quoted: ${withheld})`;
  const excerpt = bodyExcerpt(body);
  return excerpt ? `: "${excerpt}"` : ' (empty body)';
}

/**
 * Whether an answer is not one the AWS SDK can read as the service's: empty with an error
 * status, an HTML page, or plain text (neither XML nor JSON).
 */
export function isForeignAnswer(status: number, body: string): boolean {
  const start = body.trimStart();
  if (start === '') return status < 200 || status >= 300;
  if (looksLikeHtml(start)) return true;
  return start[0] !== '<' && start[0] !== '{';
}

/**
 * `HTTP 502 (text/html)<note>: "502 Bad Gateway nginx"`, `HTTP 404<note> (empty body)`, or
 * `HTTP 200<note> (body not quoted: it holds credential-shaped fields)`.
 * `note` goes after the status (e.g. `, not an AWS response`).
 */
export function describeAnswer(
  status: number,
  contentType: string | undefined,
  body: string,
  note = '',
): string {
  const type = contentType?.split(';')[0]?.trim();
  return `HTTP ${status}${type ? ` (${type})` : ''}${note}${quotedBody(body)}`;
}
