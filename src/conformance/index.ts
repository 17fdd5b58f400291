/** CLI: `node build/conformance.js <dir>` runs the conformance cases in `<dir>`. */
import { runConformance } from './runner.js';

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (dir === undefined) {
    console.error('usage: conformance <dir-of-cases>');
    return 2;
  }
  const results = await runConformance(dir, (line) => console.log(line));
  return results.every((r) => r.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exitCode = 1;
  },
);
