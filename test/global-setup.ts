import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests that run the CLI or the bot as a child process use the compiled dist/, as users do: build it once,
// with the edition snapshots `npm run build` writes.
export default function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/data-files/write-snapshots.js'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
