// `npm run bench -- --only refresh`, or on its own: `node scripts/bench/refresh.mjs [--runs 15]`.
// Cold time of the refresher (dist/refresh/index.js, the credential_process of
// `refresh-credentials`) as an SDK starts it, beside a bare `node -e 0`:
// - cached: the cache holds credentials with an hour left (what nearly every call does);
// - refreshing: the cache is stale, so it gets a token and calls STS (moto on loopback, the local
//   OIDC endpoint): once per session, about 15 minutes before expiry.
// A script, not a test: it asserts nothing. Interleaved runs; medians.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  requireTools,
  resolveEntry,
  startMoto,
  startOidcServer,
  stepAwsEnv,
} from '../stack/index.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const RUNS = Math.max(1, Number(i >= 0 ? args[i + 1] : 15));
const refresher = resolveEntry('dist/refresh/index.js');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Wall time of one process (asynchronous: the stack's servers run in this process). */
function timed(argv, env) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} failed: ${stderr}`));
      else resolve(ms);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'esc-bench-refresh-'));
const tools = requireTools(['moto_server']);
const [moto, oidc] = tools.ok ? await Promise.all([startMoto(), startOidcServer()]) : [];
try {
  const role = moto ? (await moto.createRole('bench-refresh')).arn : 'arn:aws:iam::1:role/x';
  const state = join(dir, 'refresh.json');
  writeFileSync(
    state,
    JSON.stringify({
      version: 1,
      recipe: [
        {
          kind: 'web-identity',
          roleArn: role,
          sessionName: 'bench',
          durationSeconds: 3600,
          audience: 'sts.amazonaws.com',
          region: 'us-east-1',
          ...(moto ? { endpoint: moto.url } : {}),
        },
      ],
      requestTimeoutMs: 10_000,
      timeoutMs: 30_000,
    }),
  );
  const cache = (msLeft) =>
    writeFileSync(
      join(dir, 'credentials.json'),
      JSON.stringify({
        Version: 1,
        AccessKeyId: 'ASIABENCH',
        SecretAccessKey: 'bench-secret',
        SessionToken: 'bench-token',
        Expiration: new Date(Date.now() + msLeft).toISOString(),
      }),
    );
  const env = { PATH: process.env.PATH, ...(oidc ? { ...oidc.env, ...stepAwsEnv(moto.url) } : {}) };
  const rows = { 'node -e 0': [], cached: [], refreshing: [] };
  for (let n = 0; n < RUNS; n++) {
    rows['node -e 0'].push(await timed(['-e', '0'], env));
    cache(3600_000);
    rows.cached.push(await timed([refresher, state], env));
    if (oidc) {
      cache(60_000);
      rows.refreshing.push(await timed([refresher, state], env));
    }
  }
  console.log(`\n## Credential refresher (${RUNS} runs, median)`);
  for (const [name, xs] of Object.entries(rows)) {
    if (xs.length === 0) {
      console.log(`  ${name.padEnd(11)} -   (moto_server missing)`);
      continue;
    }
    const m = median(xs);
    const extra = name === 'node -e 0' ? '' : ` (+${Math.round(m - median(rows['node -e 0']))} ms)`;
    console.log(`  ${name.padEnd(11)} ${String(Math.round(m)).padStart(4)} ms${extra}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([oidc?.stop(), moto?.stop()]);
}
