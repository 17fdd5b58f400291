export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  text: string;
  notice: string | undefined;
}
export function packageDirOf(input: string): string | undefined;
export function bundledPackages(
  root: string,
  inputs: readonly string[],
  standardTexts?: Record<string, string>,
): BundledPackage[];
export function formatNotices(packages: readonly BundledPackage[]): string;
