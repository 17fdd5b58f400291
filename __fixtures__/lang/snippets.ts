/** Environment sources for the language unit tests (typed fixtures, kept out of the tests). */

/** A diamond of depth `depth`: every level refers twice to the level below. */
export function diamondValues(depth: number): string {
  const lines = ['values:'];
  for (let i = 0; i < depth; i++) {
    for (const k of ['v', 'w']) {
      lines.push(
        `  ${k}${i}:`,
        '    fn::validate:',
        `      schema: \${v${i + 1}}`,
        `      value: \${w${i + 1}}`,
      );
    }
  }
  lines.push(`  v${depth}: {}`, `  w${depth}: {}`);
  return `${lines.join('\n')}\n`;
}

/** An import graph where `e<i>` and `f<i>` both import `e<i+1>` and `f<i+1>`. */
export function diamondImports(depth: number): Map<string, string> {
  const envs = new Map<string, string>();
  for (let i = 0; i < depth; i++) {
    for (const n of ['e', 'f']) {
      envs.set(
        `${n}${i}`,
        `imports: [e${i + 1}, f${i + 1}]\nvalues:\n  ${n}${i}: {level: ${i}}\n  shared: {${n}: ${i}}\n`,
      );
    }
  }
  envs.set(`e${depth}`, 'values:\n  bottom: e\n  shared: {bottom: true}\n');
  envs.set(`f${depth}`, 'values:\n  bottom: f\n');
  envs.set('root', 'imports: [e0, f0]\nvalues:\n  top: ${bottom}\n');
  return envs;
}

export const CONCURRENT_OPENS = `values:
  a: {fn::open::slow: {id: a}}
  b: {fn::open::slow: {id: b}}
  c: {fn::open::slow: {id: a}}
  d: {fn::open::slow: {id: "\${a.id}-then"}}
  creds: {fn::open::secretive: {}}
  token: \${creds.nested.token}
  environmentVariables:
    TOKEN: \${creds.nested.token}
    PLAIN: \${a.id}
`;

export const BROKEN_IMPORT = {
  root: `imports: [bad]\nvalues:\n  x: {fn::open::slow: {id: x}}\n`,
  bad: `values:\n  y: \${ oops }\n`,
};

export const NUMBERS = `values:
  big: 12345678901234567890
  float: 1e6
  octal: 010
  neg: -0.0
  json: {fn::fromJSON: '{"n": 1.50}'}
`;

export const BYTES = `values:
  files:
    KEY: {fn::fromBase64: "/w=="}
  text: {fn::fromBase64: "aMOp"}
`;

export const OWN_KEYS = {
  root: `imports: [a]\nvalues:\n  o: {y: 2}\n`,
  a: `values:\n  o: {x: 1}\n`,
};
