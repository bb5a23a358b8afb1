import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface MainRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a `porthole` command in this process with `env` as its whole environment (none of the test's). */
export async function runMain(args: string[], env: Record<string, string> = {}): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env };
  const status = await main(args, io);
  return { status, stdout, stderr };
}
