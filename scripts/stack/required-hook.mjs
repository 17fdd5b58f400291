// Loaded with `node --import` (NODE_OPTIONS) by tests and the bench: writes the CommonJS files the
// process required (Node's require cache, shared by every createRequire) as a JSON array to
// $ESC_REQUIRED_FILE when it exits. Shows whether a run loaded re2js (dist/re2js.cjs).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  if (process.env.ESC_REQUIRED_FILE)
    writeFileSync(process.env.ESC_REQUIRED_FILE, JSON.stringify(Object.keys(cache)));
});
