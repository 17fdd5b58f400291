import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname ?? '.', '../../..');
const schema = JSON.parse(
  fs.readFileSync(path.join(root, 'schema/environment.schema.json'), 'utf8'),
);
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const exampleDir = path.join(root, '.esc');

describe('schema/environment.schema.json', () => {
  const files = fs.readdirSync(exampleDir).filter((f) => f.endsWith('.yaml'));

  it('has example files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('accepts the example %s', (file) => {
    const text = fs.readFileSync(path.join(exampleDir, file), 'utf8');
    expect(
      text.startsWith('# yaml-language-server: $schema=../schema/environment.schema.json'),
    ).toBe(true);
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['a reserved key under values', 'values: {imports: 1}'],
    ['a builtin at the top of values', 'values: {"fn::secret": x}'],
    ['an invalid variable name', 'values: {environmentVariables: {"1BAD": x}}'],
    ['two keys beside a builtin', 'values: {a: {"fn::toJSON": 1, b: 2}}'],
    [
      'an unknown aws-login field',
      'values: {l: {"fn::open::aws-login": {oidc: {roleArn: r, role: x}}}}',
    ],
    ['imports that are not a list', 'imports: a'],
  ])('rejects %s', (_what, text) => {
    expect(validate(parse(text))).toBe(false);
  });
});
