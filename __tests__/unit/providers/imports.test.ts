import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'src/providers');

describe('provider modules load nothing heavy at import time', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it.each(files)('%s has no static import of the AWS SDK, @actions/* or undici', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const staticImports = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gms)]
      .filter((m) => !/^\s*import\s+type\b/.test(m[0]) && !/^\s*export\s+type\b/.test(m[0]))
      .map((m) => m[1]!);
    expect(
      staticImports.filter((s) => /^@aws-sdk\/|^@smithy\/|^@actions\/|^undici/.test(s)),
    ).toEqual([]);
  });

  it('the SDK clients are imported dynamically', () => {
    const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    for (const c of ['client-sts', 'client-secrets-manager', 'client-ssm']) {
      expect(all).toContain(`import('@aws-sdk/${c}')`);
    }
  });
});
