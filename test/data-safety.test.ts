import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDataProblem, loadDataset, MAX_DATA_FILE_BYTES } from '../src/data-files/load.js';
import { dataCopyWith } from './helpers/broken-data.js';
import { runCli } from './helpers/cli.js';

// Data files that would exhaust memory are refused with their file and line, by the loader and by the CLI, with
// no stack trace.

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copyWith(file: string, edit: (text: string) => string): string {
  const dir = dataCopyWith(file, edit);
  copies.push(dir);
  return dir;
}

// Ten to the ninth strings from a few lines: each level repeats the one before ten times.
const ALIAS_BOMB = [
  'bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 8 }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`),
].join('\n');

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('data files that would exhaust memory', () => {
  it('refuses a YAML alias bomb with the file and the line of its first alias', async () => {
    const dir = copyWith('dataset.yml', (t) => `${t.trimEnd()}\n${ALIAS_BOMB}\n`);
    const text = readFileSync(path.join(dir, 'dataset.yml'), 'utf8');
    const result = await loadDataset(dir, { snapshots: null });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'dataset.yml'), line: lineOf(text, '*b0') });
    expect(formatDataProblem(problems[0]!)).toMatch(/dataset\.yml:\d+: is not valid YAML: .*alias/i);
  });

  it('refuses a data file larger than the limit with the file and the line where it crosses it', async () => {
    const filler = `# ${'x'.repeat(998)}\n`;
    const dir = copyWith('parties.yml', (t) => t + filler.repeat(Math.ceil(MAX_DATA_FILE_BYTES / filler.length) + 1));
    const text = readFileSync(path.join(dir, 'parties.yml'), 'utf8');
    const result = await loadDataset(dir, { snapshots: null });
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'parties.yml'), line: text.slice(0, MAX_DATA_FILE_BYTES).split('\n').length });
    expect(problems[0]!.message).toContain(String(MAX_DATA_FILE_BYTES));
  });

  it('says so from porthole data check, with file and line and no stack trace', () => {
    const dir = copyWith('dataset.yml', (t) => `${t.trimEnd()}\n${ALIAS_BOMB}\n`);
    const text = readFileSync(path.join(dir, 'dataset.yml'), 'utf8');
    const run = runCli(['data', 'check', '--data', dir]);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`dataset.yml:${lineOf(text, '*b0')}`);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });
});
