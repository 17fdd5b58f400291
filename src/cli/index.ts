#!/usr/bin/env node
import { failureMessage, installLastResort } from '../host/failure.js';
import { main } from './main.js';

installLastResort((err) => {
  process.stderr.write(`esc-action: ${failureMessage(err)}\n`);
  process.exitCode = 1;
});
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code || process.exitCode;
