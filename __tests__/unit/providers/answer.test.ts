import {
  EXCERPT_CHARS,
  bodyExcerpt,
  describeAnswer,
  isForeignAnswer,
  looksLikeHtml,
  quotedBody,
  withheldReason,
} from '../../../src/providers/answer.js';
import { errorText } from '../../../src/providers/errors.js';
import { fakeJwt } from './fake-server.js';

const NGINX =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe('bodyExcerpt', () => {
  it.each([
    ['an nginx page', NGINX, '502 Bad Gateway 502 Bad Gateway nginx'],
    [
      'a page with doctype, comment, script and style',
      '<!-- proxy --><!DOCTYPE html><html><head><style>p{color:red}</style><script>var x = "<b>";</script></head>' +
        '<body><p>Access&nbsp;denied &amp; logged &#8212; ref&#x3A; 42 &bogus;</p></body></html>',
      'Access denied & logged — ref: 42 &bogus;',
    ],
    [
      'plain text with runs of whitespace',
      '  upstream\tconnect\n\n error  ',
      'upstream connect error',
    ],
    [
      'control and format characters',
      'a\u0000b\u001bc\rd\u2028e\u202ef\u200bg\ufffdh',
      'a b c d e f g h',
    ],
    ['a blank body', ' \r\n\t', ''],
    ['a JWT echoed back', `token ${fakeJwt({ sub: 'x' })} here`, 'token *** here'],
    [
      'XML is not HTML: tags stay',
      '<Error><Code>X</Code></Error>',
      '<Error><Code>X</Code></Error>',
    ],
  ])('%s', (_, body, want) => {
    expect(bodyExcerpt(body)).toBe(want);
  });

  it('is bounded, in characters, with an ellipsis', () => {
    const long = '😀 '.repeat(EXCERPT_CHARS * 3);
    const e = bodyExcerpt(long);
    expect(Array.from(e)).toHaveLength(EXCERPT_CHARS);
    expect(e.endsWith('😀…')).toBe(true);
    expect(bodyExcerpt('x'.repeat(EXCERPT_CHARS))).toBe('x'.repeat(EXCERPT_CHARS));
    expect(bodyExcerpt('ab cdef', 3)).toBe('ab…');
    expect(bodyExcerpt('abc def', 3)).toBe('abc…');
  });

  it('never ends in a piece of a word: a secret cut short could not be masked', () => {
    expect(bodyExcerpt('denied: s3cr3t-value-that-is-long', 20)).toBe('denied:…');
    expect(bodyExcerpt('x'.repeat(EXCERPT_CHARS * 2))).toBe('…');
  });
});

describe('looksLikeHtml and isForeignAnswer', () => {
  it.each([
    [NGINX, true],
    ['  <!doctype HTML>\n<title>x</title>', true],
    ['<body>Forbidden</body>', true],
    ['<?xml version="1.0"?><ErrorResponse/>', false],
    // An XHTML page (tinyproxy's 401/407 pages), its XML declaration first.
    [
      '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "x.dtd">\n<html><body>401</body></html>',
      true,
    ],
    ['<?xml version="1.0" ?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', true],
    ['<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>', false],
    ['{"__type":"X"}', false],
  ])('%j is HTML: %s', (body, html) => {
    expect(looksLikeHtml(body)).toBe(html);
  });

  it.each([
    [502, NGINX, true],
    [200, NGINX, true],
    [503, 'Service Unavailable', true],
    [200, 'ok', true],
    [404, '', true],
    [500, '  \n', true],
    [200, '', false],
    [400, '<ErrorResponse/>', false],
    [400, '{"__type":"ValidationException"}', false],
    [200, '\n<AssumeRoleWithWebIdentityResponse/>', false],
  ])('HTTP %i with %j is foreign: %s', (status, body, foreign) => {
    expect(isForeignAnswer(status, body)).toBe(foreign);
  });
});

describe('describeAnswer', () => {
  it('gives the status, the media type and the excerpt', () => {
    expect(describeAnswer(502, 'text/html; charset=utf-8', NGINX, ', not JSON')).toBe(
      'HTTP 502 (text/html), not JSON: "502 Bad Gateway 502 Bad Gateway nginx"',
    );
    expect(describeAnswer(404, undefined, '')).toBe('HTTP 404 (empty body)');
  });
});

describe('errorText of SDK errors without a readable answer', () => {
  const sdkError = (name: string, message: string, status: number, body?: string): Error =>
    Object.defineProperties(Object.assign(new Error(message), { name }), {
      $metadata: { value: { httpStatusCode: status } },
      $response: { value: { statusCode: status, body } },
    });

  it('a parse error: the status and the body, not the SDK hint', () => {
    const e = sdkError(
      'Error',
      '@aws-sdk XML parse error: unexpected end.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      200,
      '<AssumeRoleWithWebIdentityResponse><Credentials>',
    );
    expect(errorText(e)).toBe(
      'HTTP 200: an answer that is not an AWS response (@aws-sdk XML parse error: unexpected end.): ' +
        '"<AssumeRoleWithWebIdentityResponse><Credentials>"',
    );
  });

  it.each([
    ['Unknown', 'Unknown', 403, 'HTTP 403: an error without an AWS error code'],
    ['Unknown', 'Forbidden', 403, 'HTTP 403: an error without an AWS error code: Forbidden'],
    ['UnknownError', 'UnknownError', 400, 'HTTP 400: an error without an AWS error code'],
  ])('%s / %s', (name, message, status, want) => {
    expect(errorText(sdkError(name, message, status))).toBe(want);
  });

  it('errors with a code are unchanged', () => {
    expect(errorText(sdkError('AccessDenied', 'Not authorized', 403))).toBe(
      'AccessDenied: Not authorized',
    );
  });
});

describe('bodies that are never quoted', () => {
  it.each([
    ['STS credentials in JSON', '{"Credentials":{"AccessKeyId":"ASIAX","SecretAccessKey":"s"}}'],
    ['a credentials file', '[default]\naws_secret_access_key = s'],
    ['an echoed Authorization header', 'denied: AWS4-HMAC-SHA256 Credential=ASIAX/2026'],
    ['an echoed Proxy-Authorization header', '<pre>Proxy-Authorization: Basic YTpi</pre>'],
    ['a presigned URL', 'GET /x?X-Amz-Signature=abc'],
    ['an access key id alone', 'key AKIAIOSFODNN7EXAMPLE is not valid'],
  ])('%s: credential-shaped', (_, body) => {
    expect(withheldReason(body)).toBe('it holds credential-shaped fields');
    expect(quotedBody(body)).toBe(' (body not quoted: it holds credential-shaped fields)');
    expect(describeAnswer(200, 'application/json', body, ', not an AWS response')).toBe(
      'HTTP 200 (application/json), not an AWS response (body not quoted: it holds credential-shaped fields)',
    );
  });

  it.each([
    ['a request line', 'Bad request: POST / HTTP/1.1 Host: sts'],
    ['form-encoded parameters', 'Bad: Action=AssumeRole&ExternalId=x%3Ay&Version=2011-06-15'],
  ])('%s: an echo of the request', (_, body) => {
    expect(withheldReason(body)).toBe('it echoes the request');
  });

  it('quotes ordinary pages as before', () => {
    expect(withheldReason(NGINX)).toBeUndefined();
    expect(quotedBody(NGINX)).toBe(': "502 Bad Gateway 502 Bad Gateway nginx"');
    expect(quotedBody('  ')).toBe(' (empty body)');
    expect(withheldReason('Invalid token for audience=sts.amazonaws.com')).toBeUndefined();
  });

  it('errorText withholds the body the SDK kept of an unreadable answer', () => {
    const err = Object.assign(new Error('Unknown'), {
      name: 'Unknown',
      $metadata: { httpStatusCode: 200 },
      $response: { statusCode: 200, body: '{"Credentials":{"SessionToken":"tok-123"}}' },
    });
    const text = errorText(err);
    expect(text).toContain('(body not quoted: it holds credential-shaped fields)');
    expect(text).not.toContain('tok-123');
  });
});
