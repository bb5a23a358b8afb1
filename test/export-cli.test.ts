import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEditions } from '../src/data-files/load.js';
import { ROOT, runCli } from './helpers/cli.js';

// The CLI answers from the default edition (the newest): its golden exports (test/export-golden.test.ts).
const { ids: editions } = await listEditions();
const golden = (name: string) => readFileSync(path.join(ROOT, 'test', 'golden', 'export', editions.at(-1)!, name), 'utf8');

describe('porthole ask --format <export> (child process)', () => {
  it('writes the iptables export of an answer to stdout', () => {
    const r = runCli(['ask', 'kubectl in eu-de', '--format', 'iptables']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden('porthole-kubectl-eu-de.rules'));
  });

  it('takes an export format named in the question', () => {
    const r = runCli(['ask', 'registry fra02 as csv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden('porthole-registry-fra02.csv'));
  });

  it('lists the export formats in the usage', () => {
    expect(runCli(['ask', '--help']).stdout).toContain('--format text|json|csv|iptables|nftables|calico');
  });

  it('explains a question it cannot answer in text on stderr, exit 2, whatever the export format', () => {
    const r = runCli(['ask', 'kubectl eu-ge', '--format', 'nftables']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Did you mean eu-de or eu-gb?');
  });
});
