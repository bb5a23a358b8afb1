import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/**
 * What a test needs from outside the project: a system tool or a file of ../shared. On a developer's machine a
 * missing one skips the test with the reason in its title and on stderr; under CI=true (where .ci/run installs
 * every tool and ../shared is laid beside the clone) a missing one fails the run.
 */
export interface Requirement {
  /** false when the test must be skipped here */
  available: boolean;
  /** appended to a describe or it title: empty when available, else "(skipped: …)" */
  note: string;
  /** Throws when the requirement is missing under CI; call it from beforeAll. */
  assert(): void;
}

export const UNDER_CI = process.env.CI === 'true' || process.env.CI === '1';

/** ../shared as CI and the sessions lay it out beside the clone. */
export const SHARED_DIR = path.resolve(ROOT, '..', 'shared');

function requirement(present: boolean, what: string, how: string): Requirement {
  const available = present || UNDER_CI;
  const reason = `${what} is missing (${how})`;
  if (!present && !UNDER_CI) process.stderr.write(`porthole tests: skipping what needs ${what}: ${reason}\n`);
  return {
    available,
    note: present ? '' : UNDER_CI ? '' : ` (skipped: ${reason})`,
    assert() {
      if (!present) throw new Error(`${reason}; CI=true requires it`);
    },
  };
}

const toolCache = new Map<string, boolean>();
function onPath(command: string, args: string[]): boolean {
  const key = `${command} ${args.join(' ')}`;
  let found = toolCache.get(key);
  if (found === undefined) {
    found = !spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).error;
    toolCache.set(key, found);
  }
  return found;
}

/** A system tool, found by running it with harmless arguments; `debianPackage` is what .ci/run installs. */
export function needsTool(command: string, debianPackage: string, args: string[] = ['--version']): Requirement {
  return requirement(onPath(command, args), `\`${command}\``, `apt-get install ${debianPackage}; .ci/run installs it`);
}

/** A file under ../shared, given relative to it. */
export function needsShared(relative: string): Requirement {
  const file = path.join(SHARED_DIR, relative);
  return requirement(existsSync(file), `../shared/${relative}`, 'clone the shared folder beside the repository');
}

/** All of them: available when each is. */
export function needsAll(...requirements: Requirement[]): Requirement {
  return {
    available: requirements.every((r) => r.available),
    note: requirements.map((r) => r.note).join(''),
    assert: () => requirements.forEach((r) => r.assert()),
  };
}
