// npm run demo: the seed scenario end to end against local parts. Starts moto, a GitHub OIDC
// token endpoint and a recording proxy, creates role gha-deploy and a bucket, writes a workspace
// with DESIGN.md's .esc/aws-dev.yaml, runs `node dist/index.js` as the runner would, then lists
// the bucket. Stops everything it started, also on failure and Ctrl-C.
import { existsSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  makeWorkspace,
  maskLog,
  requireTools,
  resolveEntry,
  runAction,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
} from './stack/index.mjs';

const started = performance.now();
/** @type {(() => Promise<void> | void)[]} */
const cleanups = [];
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the stack`);
    void cleanup().then(() => process.exit(130));
  });
}

async function main() {
  const entry = resolveEntry('dist/index.js');
  if (!existsSync(entry)) {
    throw new Error(
      `dist/index.js is missing: build the action first (npm run bundle), then rerun npm run demo.`,
    );
  }
  const tools = requireTools(['moto_server', 'aws'], { quiet: true });
  if (!tools.ok) throw new Error(`cannot run the demo: ${tools.reason}`);

  const [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
  cleanups.push(
    () => moto.stop(),
    () => oidc.stop(),
  );
  const proxy = await startAwsProxy(moto.url);
  cleanups.push(() => proxy.stop());
  console.log(`moto ${moto.url}, OIDC ${oidc.url}, AWS proxy ${proxy.url}`);

  const bucket = `esc-demo-${Date.now().toString(36)}`;
  const [role] = await Promise.all([moto.createRole('gha-deploy'), moto.createBucket(bucket)]);
  console.log(`role ${role.arn}, bucket ${bucket}`);

  const workspace = makeWorkspace({
    '.esc/aws-dev.yaml': seedEnvironmentYaml(role.arn),
    'test.txt': `hello from esc-action ${new Date().toISOString()}\n`,
  });
  cleanups.push(() => rmSync(workspace, { recursive: true, force: true }));
  proxy.reset();

  const step = await runAction({
    workspace,
    inputs: { environment: 'aws-dev', run: `aws s3 cp test.txt s3://${bucket}/copied-file.txt` },
    env: { ...oidc.env, ...stepAwsEnv(proxy.url) },
    timeoutMs: 60_000,
  });
  cleanups.push(() => step.cleanup());

  console.log('\n--- step log (masked as the runner shows it) ---');
  // The runner consumes ::add-mask:: lines and shows the rest with the values replaced by ***.
  const shown = step.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  process.stdout.write(maskLog(shown, step.masks));
  console.log(`(${step.masks.length} values registered with ::add-mask::)`);
  if (step.stderr) process.stdout.write(maskLog(step.stderr, step.masks));
  console.log('--- end of step log ---');
  console.log(
    `step exit code ${step.code}${step.timedOut ? ' (timed out)' : ''}, ${step.durationMs.toFixed(0)} ms`,
  );
  console.log(`exported to GITHUB_ENV: ${Object.keys(step.githubEnv).join(', ') || '(nothing)'}`);
  const counts = new Map();
  for (const c of proxy.calls) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  console.log(
    `OIDC token requests: ${oidc.requests.length}; AWS calls: ${[...counts].map(([a, n]) => `${a} x${n}`).join(', ') || 'none'}`,
  );

  console.log(`\n$ aws s3api list-objects-v2 --bucket ${bucket}`);
  console.log(
    JSON.stringify(await moto.aws(['s3api', 'list-objects-v2', '--bucket', bucket]), null, 2),
  );
  if (step.code !== 0) throw new Error(`the step failed with exit code ${step.code}`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
  console.log(`\nwall time ${(performance.now() - started).toFixed(0)} ms`);
}
process.exit(failed ? 1 : 0);
