import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResolveError, resolveEnvironment } from '../../../src/host/resolve.js';
import { createFileLoader } from '../../../src/host/loader.js';

describe('environment resolution', () => {
  let ws: string;
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-resolve-'));
    fs.mkdirSync(path.join(ws, '.esc', 'proj'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.esc', 'prod.yaml'), 'values: {a: 1}\n');
    fs.writeFileSync(path.join(ws, '.esc', 'proj', 'dev.yml'), 'values: {b: 2}\n');
    fs.writeFileSync(path.join(ws, 'outside.yaml'), 'values: {secret: x}\n');
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('resolves names, nested names and .yml', () => {
    expect(resolveEnvironment('prod', '.esc', ws)).toMatchObject({
      name: 'prod',
      displayPath: '.esc/prod.yaml',
    });
    expect(resolveEnvironment('proj/dev', '.esc', ws)).toMatchObject({
      name: 'proj/dev',
      displayPath: '.esc/proj/dev.yml',
    });
  });

  it('resolves a path ending in .yaml inside the directory', () => {
    expect(resolveEnvironment('.esc/prod.yaml', '.esc', ws)).toMatchObject({ name: 'prod' });
  });

  it('refuses names and paths that leave the directory', () => {
    expect(() => resolveEnvironment('../outside', '.esc', ws)).toThrow(ResolveError);
    expect(() => resolveEnvironment('outside.yaml', '.esc', ws)).toThrow(
      /outside the environments directory/,
    );
    expect(() => resolveEnvironment('/etc/passwd', '.esc', ws)).toThrow(ResolveError);
  });

  it('refuses a symlink that points outside the directory', () => {
    fs.symlinkSync(path.join(ws, 'outside.yaml'), path.join(ws, '.esc', 'link.yaml'));
    expect(() => resolveEnvironment('link', '.esc', ws)).toThrow(
      /outside the environments directory/,
    );
  });

  it('names the expected file when an environment is missing', () => {
    expect(() => resolveEnvironment('nope', '.esc', ws)).toThrow(/\.esc\/nope\.yaml/);
  });

  it('loads imports by name and never outside the directory', () => {
    const root = resolveEnvironment('prod', '.esc', ws);
    const load = createFileLoader({ dir: path.join(ws, '.esc'), workspace: ws, root });
    const ok = load('proj/dev');
    expect('text' in ok && Buffer.from(ok.text).toString()).toBe('values: {b: 2}\n');
    expect(load('../outside')).toEqual({
      error: expect.stringMatching(/not a valid environment name/),
    });
    expect(load('missing')).toEqual({ error: expect.stringMatching(/not found/) });
  });

  it('refuses files over the size limit with a clear error', () => {
    fs.writeFileSync(path.join(ws, '.esc', 'big.yaml'), 'x'.repeat(1024 * 1024 + 1));
    const root = resolveEnvironment('prod', '.esc', ws);
    const load = createFileLoader({ dir: path.join(ws, '.esc'), workspace: ws, root });
    expect(load('big')).toEqual({ error: expect.stringMatching(/limit is 1048576 bytes/) });
  });
});
