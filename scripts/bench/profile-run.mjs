// Profiles one action run against the local stack: node scripts/bench/profile-run.mjs <outdir> [check]
// (writes a .cpuprofile; open it in Chrome DevTools or summarise it).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  ACTION_NODE,
  makeWorkspace,
  resolveEntry,
  runAction,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
} from '../stack/index.mjs';

const [outDir, mode] = process.argv.slice(2);
const [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
const proxy = await startAwsProxy(moto.url);
try {
  const role = await moto.createRole('gha-deploy');
  const workspace = makeWorkspace({ '.esc/aws-dev.yaml': seedEnvironmentYaml(role.arn) });
  const env = { ...oidc.env, ...stepAwsEnv(proxy.url) };
  const inputs = { environment: 'aws-dev', ...(mode === 'check' ? { 'check-only': 'true' } : {}) };
  // A first run gives the exact environment (and live runner files) a step gets; profile a second.
  const first = await runAction({ inputs, workspace, env });
  const started = performance.now();
  // Not spawnSync: the token endpoint and the proxy run in this process.
  const child = spawn(
    ACTION_NODE,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${outDir}`,
      '--cpu-prof-interval=200',
      resolveEntry('dist/index.js'),
    ],
    { env: first.env, cwd: workspace, stdio: 'ignore' },
  );
  const code = await new Promise((resolve) => child.once('close', resolve));
  console.log(`exit ${code} in ${Math.round(performance.now() - started)} ms`);
  first.cleanup();
  rmSync(workspace, { recursive: true, force: true });
} finally {
  await proxy.stop();
  await oidc.stop();
  await moto.stop();
}
