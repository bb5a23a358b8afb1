import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { needsTool } from './helpers/requirements.js';

// The README's front door: ./porthole at the root of the clone runs the built CLI with node, from anywhere,
// through a symbolic link too, and says what to do when nothing is built yet.

const SCRIPT = path.join(ROOT, 'porthole');
const shellcheck = needsTool('shellcheck', 'shellcheck', ['--version']);
const scratch = mkdtempSync(path.join(tmpdir(), 'porthole-front-door-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORTHOLE_EDITION: process.env.PORTHOLE_EDITION };
const run = (file: string, args: string[], cwd: string) => spawnSync(file, args, { cwd, encoding: 'utf8', env, timeout: 20_000 });

/** The quick-start lines of the README that run ./porthole, comments cut. */
function readmeCommands(): string[] {
  return readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('./porthole '))
    .map((l) => l.replace(/\s+#.*$/, '').trim());
}

describe('./porthole, the README quick start', () => {
  it('is what the README asks with, and answers each of its questions as the built CLI does', () => {
    const commands = readmeCommands().filter((c) => !c.includes('>'));
    expect(commands.some((c) => c.startsWith('./porthole ask '))).toBe(true);
    expect(statSync(SCRIPT).mode & 0o111).not.toBe(0);
    for (const command of commands) {
      const byScript = spawnSync('/bin/sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', env, timeout: 20_000 });
      const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].slice(1).map((m) => m[1] ?? m[2]!);
      const byNode = runCli(args);
      expect(byScript.status, command).toBe(0);
      expect(byScript.stdout, command).toBe(byNode.stdout);
      expect(byScript.stdout.length).toBeGreaterThan(0);
    }
  });

  it('runs from another folder and through a symbolic link', () => {
    const link = path.join(scratch, 'porthole');
    symlinkSync(SCRIPT, link);
    for (const file of [SCRIPT, link]) {
      const r = run(file, ['ask', 'kubectl in eu-de'], scratch);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(runCli(['ask', 'kubectl in eu-de']).stdout);
    }
  });

  it('says to run npm ci, with no stack trace, where nothing is built', () => {
    const copy = path.join(scratch, 'unbuilt');
    mkdirSync(copy);
    copyFileSync(SCRIPT, path.join(copy, 'porthole'));
    const r = run('/bin/sh', [path.join(copy, 'porthole'), 'ask', 'kubectl in eu-de'], scratch);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`porthole: not built yet: run npm ci (or npm run build) in ${copy} first.\n`);
    expect(r.stdout).toBe('');
  });

  it.skipIf(!shellcheck.available)(`lints clean with shellcheck${shellcheck.note}`, () => {
    shellcheck.assert();
    const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', SCRIPT], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
