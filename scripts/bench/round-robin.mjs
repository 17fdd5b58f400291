// The bench's round-robin comparison (`npm run bench -- --only compare [--repeat 3]`): an empty
// script, the stack floor, configure-aws-credentials (CAC) and the action, one after another
// again and again, in both regimes within each round, so that a machine that drifts (other jobs,
// thermal limits) slows them all alike. Plain back-to-back batches misled by ±30% on a shared
// machine. Overhead = median - median of the empty script; the goals are ratios of overheads.
//
// - The stack floor (scripts/bench/stack-floor) is the same token -> STS -> export run with only
//   @actions/core, yaml and @aws-sdk/client-sts, bundled as this project bundles itself: built
//   into a temporary folder on each bench run.
// - `--baseline <dir>/dist` adds another build of the action (e.g. the one before a change) to
//   the rounds, so one run says what the change was worth: "action / baseline".
// - CAC is its committed bundle, never in this repository: $CAC_DIST (its dist/index.js, or the
//   folder holding it), else /tmp/esc-bench-cac/dist/index.js. To get it:
//     git --git-dir <clone>/.git show HEAD:dist/index.js > /tmp/esc-bench-cac/dist/index.js
//   When it is absent the bench says so, and the ratios to CAC use reference figures (labelled).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REPO_ROOT,
  makeWorkspace,
  resolveEntry,
  runAction,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
} from '../stack/index.mjs';
import { buildStackFloor } from './stack-floor/build.mjs';

const HERE = join(REPO_ROOT, 'scripts', 'bench');
export const CAC_DEFAULT = join(tmpdir(), 'esc-bench-cac', 'dist', 'index.js');

/** The latency a hosted runner sees: the token endpoint and AWS are remote. */
export const REGIME_LATENCY = {
  loopback: { tokenMs: 0, awsMs: 0 },
  latency: { tokenMs: 150, awsMs: 80 },
};

/** Goals: the action's overhead as a ratio of the floor's and of CAC's. */
export const COMPARE_GOALS = {
  loopback: { floor: 1.1, cac: 0.45 },
  latency: { floor: 1.0, cac: 0.45 },
};

export const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/**
 * Overheads and ratios from one run's samples (wall times in ms per regime and kind).
 * @param {Record<string, number[]>} walls  kind -> wall times
 * @param {number | undefined} cacReference  CAC's overhead when it was not measured
 */
export function compareFigures(walls, cacReference) {
  const m = Object.fromEntries(Object.entries(walls).map(([k, w]) => [k, median(w)]));
  const empty = m.empty ?? NaN;
  const over = (/** @type {string} */ k) => (walls[k]?.length ? (m[k] ?? NaN) - empty : NaN);
  const cac = walls.cac?.length ? over('cac') : (cacReference ?? NaN);
  return {
    medians: m,
    overhead: { floor: over('floor'), cac, action: over('action'), baseline: over('baseline') },
    cacMeasured: Boolean(walls.cac?.length),
    ratio: {
      actionFloor: over('action') / over('floor'),
      actionBaseline: over('action') / over('baseline'),
      actionCac: over('action') / cac,
      floorCac: over('floor') / cac,
    },
  };
}

/** Where CAC's main bundle is, or undefined. */
export function cacEntry(env = process.env) {
  const given = env.CAC_DIST;
  const candidates = given ? [given, join(given, 'index.js'), join(given, 'dist', 'index.js')] : [];
  candidates.push(CAC_DEFAULT);
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

/** Builds the stack floor into a temporary folder; its entry, or why there is none. */
async function stackFloor() {
  const out = mkdtempSync(join(tmpdir(), 'esc-bench-stackfloor-'));
  try {
    return { entry: await buildStackFloor(out), dir: out };
  } catch (err) {
    rmSync(out, { recursive: true, force: true });
    return { why: `its build failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Runs `repeat` round-robin runs of `runs` rounds each and returns their samples.
 * @param {{ runs: number, repeat: number, regimes: string[], baseline?: string,
 *   log?: (s: string) => void }} o  baseline: the dist/ folder of another build to run too
 */
export async function roundRobin(o) {
  const log = o.log ?? console.log;
  const entry = resolveEntry('dist/index.js');
  if (!existsSync(entry)) return log('\n## Round-robin: dist/index.js is missing');
  const floor = await stackFloor();
  const cac = cacEntry();
  const [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
  const proxy = await startAwsProxy(moto.url);
  const cleanups = [() => proxy.stop(), () => oidc.stop(), () => moto.stop()];
  if (floor.dir) cleanups.push(() => rmSync(floor.dir, { recursive: true, force: true }));
  try {
    const role = await moto.createRole('gha-deploy');
    const workspace = makeWorkspace({ '.esc/aws-dev.yaml': seedEnvironmentYaml(role.arn) });
    cleanups.unshift(() => rmSync(workspace, { recursive: true, force: true }));
    const env = { ...oidc.env, ...stepAwsEnv(proxy.url) };
    /** @type {Record<string, import('../stack/runner.mjs').RunOptions>} */
    const kinds = { empty: { entry: join(HERE, 'empty.mjs'), actionYml: '' } };
    if (floor.entry)
      kinds.floor = { entry: floor.entry, inputs: { environment: 'aws-dev' }, actionYml: '' };
    if (cac)
      kinds.cac = {
        entry: cac,
        inputs: {
          'aws-region': 'us-east-1',
          'role-to-assume': role.arn,
          audience: 'sts.amazonaws.com',
        },
        actionYml: '',
      };
    kinds.action = { entry: 'dist/index.js', inputs: { environment: 'aws-dev' } };
    if (o.baseline)
      kinds.baseline = { entry: join(o.baseline, 'index.js'), inputs: { environment: 'aws-dev' } };
    const names = Object.keys(kinds);
    const failed = Object.fromEntries(names.map((k) => [k, 0]));
    const one = async (/** @type {string} */ regime, /** @type {string} */ kind) => {
      const l = REGIME_LATENCY[/** @type {'loopback' | 'latency'} */ (regime)];
      oidc.reset();
      oidc.setFault(l.tokenMs ? { latencyMs: l.tokenMs } : null);
      proxy.reset();
      proxy.setLatency(l.awsMs);
      const r = await runAction({ ...kinds[kind], workspace, env });
      const end = Date.now();
      r.cleanup();
      if (r.code !== 0 && (failed[kind] = (failed[kind] ?? 0) + 1) === 1)
        log(`  ${kind} failed (${r.code}): ${(r.stdout + r.stderr).slice(-400)}`);
      return { wall: r.durationMs, ...phasesOf(end - r.durationMs, end, l.tokenMs) };
    };
    /** Where a run's time went, from the times the token endpoint and the proxy saw requests. */
    const phasesOf = (
      /** @type {number} */ spawned,
      /** @type {number} */ end,
      /** @type {number} */ tokenMs,
    ) => {
      const token = oidc.requests[0]?.time;
      const sts = proxy.calls.find((c) => c.action === 'AssumeRoleWithWebIdentity');
      const firsts = [token, ...proxy.calls.map((c) => c.time)].filter((t) => t !== undefined);
      const answered = proxy.calls.map((c) => c.time + (c.durationMs ?? NaN));
      return {
        first: firsts.length ? Math.min(...firsts) - spawned : NaN,
        // The token is answered when it was asked plus the injected latency (signing is ~1 ms).
        gap: token !== undefined && sts ? sts.time - (token + tokenMs) : NaN,
        tail: answered.length ? end - Math.max(...answered) : NaN,
      };
    };
    const runsOut = [];
    /** @type {{ regime: string, kind: string, first: number, gap: number, tail: number }[]} */
    const phases = [];
    // One warm-up round (file system caches, moto's first answers), not counted.
    for (const regime of o.regimes) for (const kind of names) await one(regime, kind);
    for (let rep = 0; rep < o.repeat; rep++) {
      /** @type {Record<string, Record<string, number[]>>} */
      const walls = Object.fromEntries(
        o.regimes.map((g) => [g, Object.fromEntries(names.map((k) => [k, []]))]),
      );
      for (let i = 0; i < o.runs; i++) {
        // Each round starts one step further along, so no kind always follows the same one.
        const order = names.map((_, j) => names[(i + j) % names.length] ?? '');
        for (const regime of o.regimes)
          for (const kind of order) {
            const { wall, ...p } = await one(regime, kind);
            walls[regime][kind].push(wall);
            phases.push({ regime, kind, ...p });
          }
      }
      runsOut.push(walls);
    }
    return { runs: runsOut, phases, floorWhy: floor.why, cac, failed };
  } finally {
    for (const c of cleanups) await c();
  }
}

const ms = (/** @type {number} */ x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '-');
const r2 = (/** @type {number} */ x) => (Number.isFinite(x) ? x.toFixed(2) : '-');

/**
 * Prints each run's medians and ratios, then (with several runs) the median of each ratio.
 * @param {Awaited<ReturnType<typeof roundRobin>>} result
 * @param {{ runs: number, table: (rows: string[][]) => void, log?: (s: string) => void,
 *   cacReference: Record<string, number> }} o  cacReference: CAC's overhead per regime, used
 *   (and labelled) when its bundle is not there
 */
export function printRoundRobin(result, o) {
  const log = o.log ?? console.log;
  if (!result) return;
  const { runs, phases, floorWhy, cac, failed } = result;
  log(
    `\n## Round-robin: empty script, stack floor, configure-aws-credentials, action; ` +
      `${runs.length} run${runs.length === 1 ? '' : 's'} of ${o.runs} rounds, both regimes in each round`,
  );
  if (floorWhy) log(`  stack floor: not measured (${floorWhy})`);
  log(
    cac
      ? `  CAC: ${cac}`
      : `  CAC: not measured (no bundle at $CAC_DIST or ${CAC_DEFAULT}); its overhead below is ` +
          `a reference figure measured earlier (${Object.entries(o.cacReference)
            .map(([g, v]) => `${g} ${ms(v)}`)
            .join(', ')}), marked (ref)`,
  );
  const regimes = Object.keys(runs[0] ?? {});
  /** @type {Record<string, ReturnType<typeof compareFigures>[]>} */
  const figures = Object.fromEntries(regimes.map((g) => [g, []]));
  const hasBaseline = phases.some((p) => p.kind === 'baseline');
  runs.forEach((walls, n) => {
    const head = [`run ${n + 1}`, 'empty', 'floor', 'CAC', 'action', 'floor over', 'CAC over'];
    head.push('action over', 'action/floor', 'action/CAC');
    if (hasBaseline) head.push('baseline over', 'action/baseline');
    const rows = [head];
    for (const regime of regimes) {
      const f = compareFigures(walls[regime] ?? {}, o.cacReference[regime]);
      figures[regime]?.push(f);
      const ref = f.cacMeasured ? '' : ' (ref)';
      rows.push([
        regime,
        ms(f.medians.empty ?? NaN),
        ms(f.medians.floor ?? NaN),
        ms(f.medians.cac ?? NaN),
        ms(f.medians.action ?? NaN),
        ms(f.overhead.floor),
        `${ms(f.overhead.cac)}${ref}`,
        ms(f.overhead.action),
        r2(f.ratio.actionFloor),
        `${r2(f.ratio.actionCac)}${ref}`,
        ...(hasBaseline ? [ms(f.overhead.baseline), r2(f.ratio.actionBaseline)] : []),
      ]);
    }
    o.table(rows);
  });
  const bad = Object.entries(failed).filter(([, n]) => n > 0);
  if (bad.length) log(`  failed runs: ${bad.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const rows = [['ratio of overheads', ...regimes.map((g) => `${g} (goal)`)]];
  const line = (
    /** @type {string} */ label,
    /** @type {'actionFloor' | 'actionCac' | 'floorCac' | 'actionBaseline'} */ key,
    goal,
  ) =>
    rows.push([
      label,
      ...regimes.map((g) => {
        const xs = (figures[g] ?? []).map((f) => f.ratio[key]);
        const goalOf = goal?.(g);
        return `${r2(median(xs))}${xs.length > 1 ? ` [${xs.map(r2).join(', ')}]` : ''}${goalOf ? ` (<= ${goalOf})` : ''}`;
      }),
    ]);
  const goals = (/** @type {string} */ g) =>
    COMPARE_GOALS[/** @type {'loopback' | 'latency'} */ (g)];
  line('action / stack floor', 'actionFloor', (g) => goals(g)?.floor);
  line(`action / CAC${cac ? '' : ' (ref)'}`, 'actionCac', (g) => goals(g)?.cac);
  line(`stack floor / CAC${cac ? '' : ' (ref)'}`, 'floorCac');
  if (hasBaseline) line('action / baseline', 'actionBaseline');
  log(`\n  ${runs.length > 1 ? `median of ${runs.length} runs [each run]` : 'one run'}:`);
  o.table(rows);
  log(
    '\n  where the time goes (medians of all runs): first request after the process started;' +
      ' STS request after the token was answered; process end after the last AWS answer',
  );
  const kinds = [...new Set(phases.map((p) => p.kind))].filter((k) => k !== 'empty');
  const prow = [['step', ...regimes.flatMap((g) => [`${g}: first`, 'token->STS', 'end'])]];
  for (const k of kinds) {
    prow.push([
      k,
      ...regimes.flatMap((g) => {
        const of = phases.filter((p) => p.kind === k && p.regime === g);
        return ['first', 'gap', 'tail'].map((f) =>
          ms(median(of.map((p) => /** @type {any} */ (p)[f]).filter(Number.isFinite))),
        );
      }),
    ]);
  }
  o.table(prow);
}
