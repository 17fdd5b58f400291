/**
 * The AWS config file the main step writes for credential refresh: one profile whose
 * `credential_process` runs the refresher. Every AWS SDK and the aws CLI read it; they run the
 * command line differently, so it is quoted for all of them at once:
 * - botocore (aws CLI, boto3) splits it with `shlex.split` (POSIX) or its own Windows splitter;
 * - the JavaScript, Go and Java SDKs hand it to `sh -c` (`cmd.exe /C` on Windows);
 * - the JavaScript SDK's INI parser cuts a value at a `#` or `;` that follows white space.
 * On POSIX each argument is single-quoted (the same meaning for sh and shlex; a `'` becomes
 * `'\''`); on Windows double-quoted. A path that no quoting carries safely through all of them is
 * refused with a message naming it.
 */

/** The profile name exported as AWS_PROFILE. */
export const PROFILE_NAME = 'esc-action';

export class ProfileError extends Error {
  override name = 'ProfileError';
}

function refuse(arg: string, why: string): never {
  throw new ProfileError(
    `cannot use the path ${JSON.stringify(arg)} in a credential_process command line: ${why}`,
  );
}

/** One argument, quoted for `platform`. Throws a ProfileError for a path it cannot carry. */
export function quoteArgument(arg: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(arg)) refuse(arg, 'it contains a control character');
  if (/\s[#;]/.test(arg))
    refuse(arg, 'a `#` or `;` after a space starts a comment in AWS config files');
  if (platform === 'win32') {
    if (/["%!^]/.test(arg)) refuse(arg, 'it contains one of " % ! ^, which cmd.exe interprets');
    return `"${arg}"`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The `credential_process` value: the arguments, each quoted. */
export function credentialProcessLine(args: readonly string[], platform: NodeJS.Platform): string {
  return args.map((a) => quoteArgument(a, platform)).join(' ');
}

/** The config file's text: the profile, its command and its region. */
export function configFileText(commandLine: string, region: string): string {
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new ProfileError(
      `cannot write the region ${JSON.stringify(region)} in an AWS config file`,
    );
  }
  return [
    '# Written by esc-action for credential refresh; removed by its post step.',
    `[profile ${PROFILE_NAME}]`,
    `credential_process = ${commandLine}`,
    `region = ${region}`,
    '',
  ].join('\n');
}
