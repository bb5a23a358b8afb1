import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listEditions, loadDataset } from '../src/data-files/load.js';
import { readEditionFiles, type ReplaceStep } from '../src/import/kube-samples/write.js';
import { ROOT } from './helpers/cli.js';

// `data import` killed at every step of replacing an edition folder: each time, the next read of the data
// folder finds the previous edition or the new one, never none, and no work folder is left.

const work = mkdtempSync(path.join(tmpdir(), 'porthole-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SHIPPED = path.join(ROOT, 'data');

/** A copy of the shipped data folder, and the newest edition in it, the one an import replaces. */
async function dataCopy(name: string): Promise<{ dir: string; id: string; editionDir: string }> {
  const dir = path.join(work, name);
  cpSync(SHIPPED, dir, { recursive: true });
  const id = (await listEditions(dir)).ids.at(-1)!;
  return { dir, id, editionDir: path.join(dir, 'editions', id) };
}

const MARK = '# written by the interrupted import\n';

/** Runs replaceFolder in a child process that kills itself with SIGKILL once it reaches `step`. */
function replaceAndDieAt(editionDir: string, step: ReplaceStep): Promise<NodeJS.Signals | null> {
  const filesJson = path.join(work, `files-${step}.json`);
  return readEditionFiles(editionDir).then((files) => {
    files.set('dataset.yml', `${files.get('dataset.yml')}${MARK}`);
    writeFileSync(filesJson, JSON.stringify([...files]));
    const script = `
      import { readFileSync } from 'node:fs';
      import { replaceFolder } from ${JSON.stringify(path.join(ROOT, 'src/import/kube-samples/write.ts'))};
      const files = new Map(JSON.parse(readFileSync(${JSON.stringify(filesJson)}, 'utf8')));
      await replaceFolder(${JSON.stringify(editionDir)}, files, (s) => { if (s === ${JSON.stringify(step)}) process.kill(process.pid, 'SIGKILL'); });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    return new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  });
}

const workFolders = (editionsDir: string) => readdirSync(editionsDir).filter((n) => n.startsWith('.'));

describe('an import killed at each step', () => {
  it.each([
    ['written', 'previous'],
    ['ready', 'previous'],
    ['moved-aside', 'new'],
    ['in-place', 'new'],
    ['done', 'new'],
  ] as const)('killed once %s, leaves the %s edition, loadable, and no work folder', { timeout: 60_000 }, async (step, expected) => {
    const { dir, id, editionDir } = await dataCopy(`kill-${step}`);
    const before = readFileSync(path.join(editionDir, 'dataset.yml'), 'utf8');
    expect(await replaceAndDieAt(editionDir, step)).toBe('SIGKILL');
    const leftBehind = workFolders(path.dirname(editionDir));
    if (step !== 'done') expect(leftBehind.length, 'the kill left work behind').toBeGreaterThan(0);

    const loaded = await loadDataset(dir, { edition: id, snapshots: null });
    expect(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems.slice(0, 2))).toBe(true);
    const after = readFileSync(path.join(editionDir, 'dataset.yml'), 'utf8');
    expect(after).toBe(expected === 'previous' ? before : `${before}${MARK}`);
    expect(workFolders(path.dirname(editionDir))).toEqual([]);
    expect((await listEditions(dir)).ids).toContain(id);
  });
});

describe('stale work folders', () => {
  it('are removed when their process is gone, and left while it runs', async () => {
    const { dir, id } = await dataCopy('stale');
    const editionsDir = path.join(dir, 'editions');
    const sleeper = spawn('sleep', ['30']);
    try {
      const dead = spawnSync('true').pid;
      for (const name of [`.${id}.writing-${dead}`, `.${id}.old-${dead}`, `.${id}.ready-${dead}`, `.${id}.writing-${sleeper.pid}`]) {
        mkdirSync(path.join(editionsDir, name));
        writeFileSync(path.join(editionsDir, name, 'dataset.yml'), 'half: written\n');
      }
      await listEditions(dir);
      expect(workFolders(editionsDir)).toEqual([`.${id}.writing-${sleeper.pid}`]);
      const loaded = await loadDataset(dir, { edition: id, snapshots: null });
      expect(loaded.ok).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
