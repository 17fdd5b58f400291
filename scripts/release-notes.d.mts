export function parseReleaseTag(tag: string): { version: string; major: string } | undefined;
export function releaseNotes(changelog: string, version: string): string | undefined;
