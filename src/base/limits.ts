/**
 * Limits that layers below the evaluator enforce (see eval/limits.ts for the evaluation's own).
 */

/** Deepest YAML nesting (mappings and sequences) accepted in an environment file. */
export const MAX_YAML_DEPTH = 256;
