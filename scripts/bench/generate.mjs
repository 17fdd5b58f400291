// Generated environments for the evaluator bench: `values` leaf values spread over a chain of
// imports (root imports level3, which imports level2, ... level0), with literals, references
// (within a file and into imported files), interpolations and builtins.

const CHAIN = 5;

/**
 * @param {number} values  how many leaf values in all (a multiple of 5 is exact)
 * @returns {Record<string, string>} environment name → YAML text
 */
export function generateEnvironments(values) {
  const groups = Math.max(1, Math.round(values / 5));
  const perFile = Math.ceil(groups / CHAIN);
  /** @type {Record<string, string>} */
  const files = {};
  for (let level = 0; level < CHAIN; level++) {
    const name = level === CHAIN - 1 ? 'root' : `level${level}`;
    const lines = [];
    if (level > 0) lines.push('imports:', `  - level${level - 1}`);
    lines.push('values:');
    const first = level * perFile;
    const last = Math.min(groups, first + perFile);
    for (let g = first; g < last; g++) {
      const p = `g${g}`;
      // A reference into the previous file of the chain when there is one, else within this file.
      const prev = level > 0 && g - perFile >= 0 ? `g${g - perFile}` : p;
      lines.push(
        `  ${p}:`,
        `    name: value-${g}`,
        `    ref: \${${prev}.name}`,
        `    text: "\${${p}.name} and \${${prev}.ref} in ${name}"`,
        `    b64:`,
        `      fn::toBase64: \${${p}.text}`,
        `    json:`,
        `      fn::toJSON: {n: ${g}, ref: "\${${p}.ref}"}`,
      );
    }
    files[name] = `${lines.join('\n')}\n`;
  }
  return files;
}
