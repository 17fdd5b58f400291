import {
  checkCredentialText,
  accountOfArn,
  checkRoleArn,
  checkSessionName,
  defaultSessionName,
  formatSeconds,
  parseGoDuration,
  sessionDurationSeconds,
} from '../../../src/providers/validate.js';

describe('parseGoDuration', () => {
  it.each([
    ['1h', 3_600_000],
    ['90m', 5_400_000],
    ['1h30m', 5_400_000],
    ['3600s', 3_600_000],
    ['1.5h', 5_400_000],
    ['.5h', 1_800_000],
    ['1h0m0s', 3_600_000],
    ['500ms', 500],
    ['1500us', 1.5],
    ['1µs', 0.001],
    ['0', 0],
    ['-1h', -3_600_000],
    ['+2h', 7_200_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', '1', 'h', '1d', '1 h', '1h ', '1.h.5', 'one hour', '3600', '1H', '.h'])(
    'rejects %j',
    (text) => {
      expect(() => parseGoDuration(text)).toThrow(/invalid duration/);
    },
  );

  it('names the allowed units for an unknown one', () => {
    expect(() => parseGoDuration('2d')).toThrow('unknown unit "d" (use h, m, s, ms, us or ns)');
  });
});

describe('sessionDurationSeconds', () => {
  it('defaults to 1h', () => expect(sessionDurationSeconds(undefined)).toBe(3600));
  it('accepts 15m to 12h', () => {
    expect(sessionDurationSeconds('15m')).toBe(900);
    expect(sessionDurationSeconds('12h')).toBe(43_200);
    expect(sessionDurationSeconds('1h30m')).toBe(5400);
  });
  it.each(['14m59s', '12h0m1s', '0', '-1h', '24h'])('rejects %s as out of range', (d) => {
    expect(() => sessionDurationSeconds(d)).toThrow(
      /out of range: AWS sessions last between 15m and 12h/,
    );
  });
  it('reports syntax errors', () =>
    expect(() => sessionDurationSeconds('2 hours')).toThrow(/invalid duration/));
});

describe('formatSeconds', () => {
  it.each([
    [3600, '1h'],
    [5400, '1h30m'],
    [7201, '2h1s'],
    [900, '15m'],
    [0, '0s'],
  ])('%d -> %s', (s, text) => expect(formatSeconds(s)).toBe(text));
});

describe('checkSessionName', () => {
  it.each(['ab', 'gha-123_4', 'a+b=c,d.e@f-g', 'x'.repeat(64)])('accepts %s', (n) => {
    expect(checkSessionName(n)).toBe(n);
  });
  it.each(['a', 'x'.repeat(65), 'has space', 'slash/no', 'colon:no', 'ünicode', ''])(
    'rejects %j',
    (n) => {
      expect(() => checkSessionName(n)).toThrow(
        /not a valid role session name: use 2 to 64 characters/,
      );
    },
  );
});

describe('defaultSessionName', () => {
  it('uses the run id and attempt in a runner', () => {
    expect(defaultSessionName({ GITHUB_RUN_ID: '987654321', GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'esc-action-987654321-2',
    );
  });
  it('is esc-action outside a runner', () => expect(defaultSessionName({})).toBe('esc-action'));
  it('is always a valid session name', () => {
    expect(() =>
      checkSessionName(defaultSessionName({ GITHUB_RUN_ID: 'x y'.repeat(40) })),
    ).not.toThrow();
  });
});

describe('checkRoleArn', () => {
  it.each([
    'arn:aws:iam::123456789012:role/gha-deploy',
    'arn:aws:iam::123456789012:role/path/to/role',
    'arn:aws-us-gov:iam::123456789012:role/x',
    'arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f_g',
  ])('accepts %s', (arn) => expect(checkRoleArn(arn)).toBe(arn));
  it.each([
    'arn:aws:iam::12345678901:role/x',
    'arn:aws:iam::123456789012:user/x',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:sts::123456789012:assumed-role/x/y',
    'gha-deploy',
    'arn:aws:iam:us-east-1:123456789012:role/x',
  ])('rejects %s', (arn) => {
    expect(() => checkRoleArn(arn)).toThrow(
      /is not an IAM role ARN: expected arn:aws:iam::<12-digit account id>:role\/<name>/,
    );
  });
});

describe('accountOfArn', () => {
  it('reads the account of an assumed-role ARN', () => {
    expect(accountOfArn('arn:aws:sts::210987654321:assumed-role/r/s')).toBe('210987654321');
    expect(accountOfArn('nonsense')).toBeUndefined();
  });
});

describe('checkCredentialText', () => {
  it('accepts what AWS issues: letters, digits and base64', () => {
    for (const ok of [
      'ASIAFAKEKEYID0000001',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE=',
      'a%b;c#d',
    ]) {
      expect(checkCredentialText(ok, 'static.secretAccessKey')).toBe(ok);
    }
  });

  it('refuses line breaks of every kind, spaces and control characters, without quoting the value', () => {
    const bad = [
      'key\ncredential_process = sh -c id',
      'key\r[profile x]',
      'key\n',
      'key\u2028line',
      'key\u0085line',
      'two words',
      'tab\there',
      'nul\u0000',
      'del\u007f',
      'nbsp\u00a0',
    ];
    for (const text of bad) {
      expect(() => checkCredentialText(text, 'static.secretAccessKey')).toThrow(
        /^static\.secretAccessKey contains a line break, space or control character/,
      );
      try {
        checkCredentialText(text, 'x');
      } catch (err) {
        expect((err as Error).message).not.toContain(text.slice(0, 3));
      }
    }
  });
});
