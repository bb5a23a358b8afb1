/** Where a command writes, so that tests can run commands in-process as well as in a child process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  env: process.env,
};

export const EXIT = { ok: 0, badDataset: 1, notUnderstood: 2 } as const;
