import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `porthole` command as a child process, as a user would. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORTHOLE_EDITION: process.env.PORTHOLE_EDITION, ...env },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
