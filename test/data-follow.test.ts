/**
 * Staying current: the shared kube-samples copy imported by two "replicas" (child processes with other clocks
 * and checkout paths) gives the same bytes; git-sync's exechook from the manifests writes the COMMIT file the
 * import reads; and a checkout link flipped to a new commit with one master address changed is imported,
 * picked up by the edition watcher and seen by a watch of that region.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchChange } from '../src/bot/watch-change.js';
import { EditionWatcher } from '../src/data-files/edition-watch.js';
import { parseCommitLine } from '../src/import/kube-samples/read.js';
import { CheckoutFollower } from '../src/import/kube-samples/follow.js';
import { BUNDLED_DATA_DIR } from '../src/data-files/load.js';
import { ROOT, runCli } from './helpers/cli.js';
import { KUBE_SAMPLES, kubeSamplesCopy } from './helpers/kube-samples.js';
import { needsAll, needsTool } from './helpers/requirements.js';

const git = needsTool('git', 'git', ['--version']);
const NEW_ADDRESS = '192.0.2.77';

/** A data folder with the shipped shared files and page editions (no imported one). */
function pageDataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'porthole-data-'));
  for (const shared of ['regions.yml', 'topics.yml', 'not-covered.yml']) cpSync(path.join(BUNDLED_DATA_DIR, shared), path.join(dir, shared));
  for (const id of readdirSync(path.join(BUNDLED_DATA_DIR, 'editions'))) {
    const edition = path.join(BUNDLED_DATA_DIR, 'editions', id);
    if (!readdirSync(edition).includes('import.yml')) cpSync(edition, path.join(dir, 'editions', id), { recursive: true });
  }
  return dir;
}

/** Every file under `dir`, path → bytes. */
function bytesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    try {
      files.set(rel, readFileSync(path.join(dir, rel)));
    } catch {
      // a folder
    }
  }
  return files;
}

function importedEditions(dataDir: string): string[] {
  return readdirSync(path.join(dataDir, 'editions')).filter((id) => readdirSync(path.join(dataDir, 'editions', id)).includes('import.yml'));
}

describe.skipIf(!kubeSamplesCopy.available)(`two replicas importing one commit${kubeSamplesCopy.note}`, () => {
  it('write the same bytes, whatever their clock, time zone, locale or checkout path', () => {
    kubeSamplesCopy.assert();
    const written = ['UTC', 'Pacific/Chatham'].map((tz, n) => {
      const scratch = mkdtempSync(path.join(tmpdir(), `porthole-replica-${n}-`));
      const checkout = path.join(scratch, ...(n === 0 ? ['kube-samples'] : ['git', '.worktrees', 'abc', 'checkout']));
      cpSync(KUBE_SAMPLES, checkout, { recursive: true });
      const data = pageDataFolder();
      const run = runCli(['data', 'import', 'kube-samples', checkout, '--data', data], { TZ: tz, LANG: n === 0 ? 'C' : 'de_DE.UTF-8' });
      expect(run.status, run.stderr).toBe(0);
      const [id] = importedEditions(data);
      expect(id).toBeDefined();
      return { id, files: bytesUnder(path.join(data, 'editions', id!)) };
    });
    expect(written[1]!.id).toBe(written[0]!.id);
    expect(written[0]!.files.size).toBeGreaterThan(3);
    expect([...written[1]!.files.keys()]).toEqual([...written[0]!.files.keys()]);
    for (const [rel, bytes] of written[0]!.files) expect(written[1]!.files.get(rel)!.equals(bytes), rel).toBe(true);
  });
});

/** The script the manifests give git-sync as --exechook-command. */
function exechookScript(): string {
  const docs = parseAllDocuments(readFileSync(path.join(ROOT, 'deploy', 'kubernetes', 'git-sync-hook.yaml'), 'utf8'));
  const data = (docs[0]!.toJS() as { data: Record<string, string> }).data;
  return Object.values(data)[0]!;
}

/** A git repository holding the shared copy, committed with `subject` at `date`; its HEAD. */
function commitCopy(repo: string, subject: string, date: string): string {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 't@example.com' };
  const gitIn = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { env, encoding: 'utf8' }).trim();
  gitIn('add', '-A');
  gitIn('commit', '-q', '-m', subject);
  return gitIn('rev-parse', 'HEAD');
}

describe.skipIf(!kubeSamplesCopy.available || !git.available)(`a checkout git-sync keeps fresh${needsAll(kubeSamplesCopy, git).note}`, () => {
  let root: string;
  let repo: string;
  let data: string;
  let hook: string;
  let first: string;
  const logged: string[] = [];
  let follower: CheckoutFollower;
  let editions: EditionWatcher;

  /** As git-sync publishes a commit: a worktree of its own, the link flipped atomically, then the exechook run in it. */
  function publish(hash: string): string {
    const worktree = path.join(root, '.worktrees', hash);
    cpSync(repo, worktree, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
    const link = path.join(root, 'kube-samples');
    const next = `${link}.next`;
    symlinkSync(worktree, next);
    renameSync(next, link);
    // The hook runs in the worktree, where git answers for the commit.
    cpSync(path.join(repo, '.git'), path.join(worktree, '.git'), { recursive: true });
    execFileSync(hook, [], { cwd: worktree });
    rmSync(path.join(worktree, '.git'), { recursive: true });
    return worktree;
  }

  beforeAll(async () => {
    kubeSamplesCopy.assert();
    git.assert();
    root = mkdtempSync(path.join(tmpdir(), 'porthole-git-sync-'));
    repo = path.join(root, 'repository');
    cpSync(KUBE_SAMPLES, repo, { recursive: true, filter: (src) => path.basename(src) !== 'COMMIT' });
    execFileSync('git', ['init', '-q', repo]);
    hook = path.join(root, 'write-commit-file');
    writeFileSync(hook, exechookScript(), { mode: 0o755 });
    first = commitCopy(repo, 'first commit', '2030-01-02T03:04:05+01:00');
    data = pageDataFolder();
    mkdirSync(path.join(root, '.worktrees'));
    publish(first);
    follower = new CheckoutFollower({ checkout: path.join(root, 'kube-samples'), dataDir: data, log: (line) => logged.push(line), rescanMs: 100 });
    expect(await follower.check()).toMatchObject({ outcome: 'imported', commit: first });
    editions = await EditionWatcher.open({ dir: data, logger: { warn: () => undefined, info: () => undefined } as never, rescanMs: 100, snapshots: null });
    editions.start();
    follower.start();
  });
  afterAll(() => {
    follower?.close();
    editions?.close();
  });

  it("the exechook writes the COMMIT file the import reads, as git log gives it", () => {
    const commitFile = path.join(root, 'kube-samples', 'COMMIT');
    const parsed = parseCommitLine(commitFile, readFileSync(commitFile, 'utf8'));
    expect(parsed.ok && parsed.source.commit).toBe(first);
    expect(importedEditions(data)).toEqual([`2030-01-02-kube-samples-${first.slice(0, 7)}`]);
  });

  it('a new commit with one master address changed is imported, reloaded without a restart and seen by a watch of its region only', async () => {
    const held = editions.current;
    const region = 'eu-de';
    const policy = path.join(repo, 'calico-policies', 'public-network-isolation', region, 'allow-public-service-endpoint.yaml');
    const text = readFileSync(policy, 'utf8');
    // An address of this region only, changed wherever this region's policy lists it (each rule lists the nets).
    const folder = path.dirname(path.dirname(policy));
    const others = readdirSync(folder, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() && e.name !== region ? [e.name] : []))
      .map((r) => readFileSync(path.join(folder, r, path.basename(policy)), 'utf8'))
      .join('\n');
    const replaced = [...text.matchAll(/^\s*- (\d+\.\d+\.\d+\.\d+)\/32$/gm)].map((m) => m[1]!).find((a) => !others.includes(`${a}/`))!;
    expect(replaced).toBeDefined();
    writeFileSync(policy, text.replaceAll(`${replaced}/32`, `${NEW_ADDRESS}/32`));
    const second = commitCopy(repo, 'one master address changed', '2030-02-03T04:05:06+01:00');
    publish(second);
    const id = `2030-02-03-kube-samples-${second.slice(0, 7)}`;

    const deadline = Date.now() + 30_000;
    while (!editions.current.ids.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(editions.current.ids).toContain(id);
    expect(held.ids).not.toContain(id);

    const change = watchChange(editions.current.get(`2030-01-02-kube-samples-${first.slice(0, 7)}`)!, editions.current.get(id)!, { topic: null, region });
    const added = change.rules.flatMap((r) => r.added.map((a) => a.value));
    const removed = change.rules.flatMap((r) => r.removed.map((a) => a.value));
    expect(new Set(added)).toEqual(new Set([NEW_ADDRESS]));
    expect(new Set(removed)).toEqual(new Set([replaced]));
    const elsewhere = editions.current.newest.regions.find((r) => r.id !== region)!.id;
    expect(watchChange(editions.current.get(`2030-01-02-kube-samples-${first.slice(0, 7)}`)!, editions.current.get(id)!, { topic: null, region: elsewhere }).empty).toBe(true);
  });

  it('a commit that cannot be imported is refused once, with file and line, and the data folder is left as it was', async () => {
    const before = importedEditions(data).sort();
    const policy = path.join(repo, 'calico-policies', 'public-network-isolation', 'eu-de', 'allow-public-service-endpoint.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replaceAll(`${NEW_ADDRESS}/32`, '192.0.2.300/32'));
    publish(commitCopy(repo, 'a broken address', '2030-03-04T05:06:07+01:00'));
    const outcome = await follower.check();
    expect(outcome.outcome).toBe('refused');
    expect(outcome.outcome === 'refused' && outcome.problems.some((p) => p.includes('allow-public-service-endpoint.yaml:') && p.includes('192.0.2.300'))).toBe(true);
    expect((await follower.check()).outcome).toBe('refused');
    expect(logged.filter((line) => line.startsWith('refused:'))).toHaveLength(1);
    expect(importedEditions(data).sort()).toEqual(before);
  });
});
