// Types of scripts/local-action.mjs, for the tests.
export declare function isErrorCommand(line: string): boolean;
export declare function stepStatus(
  code: number | null,
  signal: NodeJS.Signals | null,
  sawError: boolean,
): number;
