/**
 * Document and property paths in ESC's key quoting: identifier-like keys are joined with `.`,
 * any other key as `["..."]` with `"` escaped (`values.builtins[0]["fn::open::test"]`).
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function joinKey(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}["${key.replaceAll('"', '\\"')}"]`;
}

export function joinIndex(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
