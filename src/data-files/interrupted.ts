import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

// `data import` replaces an edition folder in steps (see replaceFolder in src/import/kube-samples/write.ts):
//   1. write .<id>.writing-<pid>     2. rename it to .<id>.ready-<pid>
//   3. rename <id> to .<id>.old-<pid>   4. rename .<id>.ready-<pid> to <id>   5. remove .<id>.old-<pid>
// A process killed between steps leaves these folders behind. Reading the data folder finishes the job: with <id>
// missing, a ready folder becomes it (the new edition), else an old one does (the previous edition); then the
// leftovers go. Folders of a process still running are left alone.

const WORK_FOLDER = /^\.(.+)\.(writing|ready|old)-(\d+)$/;

export type WorkStage = 'writing' | 'ready' | 'old';

export function workFolderName(target: string, stage: WorkStage, pid = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${stage}-${pid}`);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface WorkFolder {
  name: string;
  target: string;
  stage: WorkStage;
}

function leftovers(parent: string): WorkFolder[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = WORK_FOLDER.exec(name);
    if (!m || isRunning(Number(m[3]))) return [];
    return [{ name, target: m[1]!, stage: m[2] as WorkStage }];
  });
}

/**
 * Finishes or undoes the replacements of edition folders in `parent` that a killed process left halfway, and
 * removes its work folders. Best effort: a folder that cannot be written stays as it is. Returns what it did.
 */
export function recoverInterruptedWrites(parent: string): string[] {
  const found = leftovers(parent);
  if (found.length === 0) return [];
  const done: string[] = [];
  const present = new Set(readdirSync(parent));
  for (const target of new Set(found.map((f) => f.target))) {
    if (present.has(target)) continue;
    const mine = found.filter((f) => f.target === target);
    const restore = mine.find((f) => f.stage === 'ready') ?? mine.find((f) => f.stage === 'old');
    if (!restore) continue;
    try {
      renameSync(path.join(parent, restore.name), path.join(parent, target));
      present.add(target);
      done.push(`${target}: ${restore.stage === 'ready' ? 'finished the interrupted import' : 'put the previous edition back'}`);
    } catch {
      // Read-only data: left for a run that may write.
    }
  }
  for (const f of found) {
    if (!present.has(f.target) || !existsSync(path.join(parent, f.name))) continue;
    try {
      rmSync(path.join(parent, f.name), { recursive: true, force: true });
      done.push(`${f.target}: removed ${f.name}`);
    } catch {
      // As above.
    }
  }
  return done;
}
