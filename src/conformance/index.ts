/** CLI: `node build/conformance.js <dir>` runs the conformance cases in `<dir>`. */
import { runConformance } from './runner.js';

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (dir === undefined) {
    process.stderr.write('usage: conformance <dir-of-cases>\n');
    return 2;
  }
  const results = await runConformance(dir, (line) => process.stdout.write(`${line}\n`));
  return results.every((r) => r.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
