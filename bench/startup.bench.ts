// npm run bench:startup: how long `porthole ask` takes from the shell, next to a bare `node -e 0`, and the
// README's quick-start command exactly as the README types it.
// Runs each command N times, interleaved so that a busy machine weighs on all alike, and prints medians.
// The YAML row answers from a copy of data/ with one comment added to a file: its snapshot no longer matches,
// as after an edit without a rebuild, so it shows what the compiled snapshot saves.
// Usage: npm run bench:startup [-- RUNS [OTHER_CHECKOUT]]; a second argument adds a row for another built checkout
// of porthole (an earlier commit, say) answering the same question.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist/cli/bin.js');
if (!existsSync(bin) || !existsSync(path.join(root, 'dist/editions'))) {
  console.error('bench:startup: dist/ or its snapshots are missing; run npm run build');
  process.exit(1);
}
const runs = Number(process.argv[2] ?? 21);
const other = process.argv[3];
const question = 'kubectl in eu-de';

/** The README's quick-start question, as typed there: the first `./porthole ask` line of its shell blocks, comment cut. */
function readmeCommand(): string {
  const line = readFileSync(path.join(root, 'README.md'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('./porthole ask '));
  if (line === undefined) throw new Error('bench:startup: the README has no ./porthole ask line');
  return line.replace(/\s+#.*$/, '').trim();
}
const readme = readmeCommand();

const edited = mkdtempSync(path.join(tmpdir(), 'porthole-startup-'));
cpSync(path.join(root, 'data'), edited, { recursive: true });
appendFileSync(path.join(edited, 'regions.yml'), '\n# edited after the build\n');

// The environment of the user's shell, less what would choose another edition or data folder.
const env = { ...process.env };
delete env.PORTHOLE_EDITION;
delete env.PORTHOLE_DATA_DIR;

// Each command is a program and its arguments; the README's runs through /bin/sh in the clone, as typed there.
const commands: { label: string; args: string[]; file?: string }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: `${readme} (the README's quick start)`, file: '/bin/sh', args: ['-c', readme] },
  { label: `porthole ask "${question}"`, args: [bin, 'ask', question] },
  { label: `porthole ask "${question}" --format json`, args: [bin, 'ask', question, '--format', 'json'] },
  { label: `porthole ask "${question}" --edition 2019-03-04`, args: [bin, 'ask', question, '--edition', '2019-03-04'] },
  { label: `porthole ask "${question}", data edited (YAML)`, args: [bin, 'ask', question, '--data', edited] },
  ...(other ? [{ label: `porthole ask "${question}" in ${other}`, args: [path.resolve(other, 'dist/cli/bin.js'), 'ask', question] }] : []),
];

const times = commands.map(() => [] as number[]);
for (let run = 0; run < runs + 1; run++) {
  commands.forEach((command, i) => {
    const start = performance.now();
    const result = spawnSync(command.file ?? process.execPath, command.args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${result.stderr.toString()}`);
    if (run > 0) times[i]!.push(ms); // the first round warms the file cache
  });
}
rmSync(edited, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times[0]!);
console.log(`${runs} runs of each, interleaved; median wall time`);
commands.forEach((command, i) => {
  const m = median(times[i]!);
  console.log(`${m.toFixed(0).padStart(6)} ms  ${(m / base).toFixed(1).padStart(4)}x node  ${command.label}`);
});
const quickStart = median(times[1]!);
const ask = median(times[2]!);
console.log(`goal:   the README's quick start within 3 node start-ups (${(3 * base).toFixed(0)} ms): ${quickStart <= 3 * base ? 'met' : 'NOT met'}`);
console.log(`goal:   porthole ask within 5 node start-ups (${(5 * base).toFixed(0)} ms): ${ask <= 5 * base ? 'met' : 'NOT met'}`);
