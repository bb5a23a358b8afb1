import { parseArgs } from 'node:util';
import { CheckoutFollower } from '../import/kube-samples/follow.js';
import { dataDirFrom } from './dataset.js';
import { EXIT, type Io } from './io.js';

export const DATA_FOLLOW_USAGE = 'porthole data follow <checkout> [--data DIR] [--period SECONDS] [--once]';

/**
 * `porthole data follow <checkout>`: imports each new commit of a kube-samples checkout that git-sync keeps
 * fresh (its `--link`), until SIGTERM or SIGINT. `--once` imports what is there and exits, as `data import`.
 */
export async function dataFollowCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { data: { type: 'string' }, period: { type: 'string' }, once: { type: 'boolean' } },
  });
  const [checkout, ...extra] = positionals;
  const period = Number(values.period ?? '30');
  if (!checkout || extra.length > 0 || !Number.isFinite(period) || period <= 0) {
    io.err(`porthole data follow: ${!checkout || extra.length > 0 ? 'name one checkout (or the git-sync link)' : `--period must be a number of seconds above 0, not "${values.period}"`}\n  usage: ${DATA_FOLLOW_USAGE}\n`);
    return EXIT.notUnderstood;
  }
  const follower = new CheckoutFollower({ checkout, dataDir: dataDirFrom(values.data, io.env), log: (line) => io.out(`${line}\n`), rescanMs: period * 1000 });
  if (values.once) {
    const first = await follower.check();
    if (first.outcome === 'no-checkout-yet') io.err(`porthole data follow: ${checkout} does not exist\n`);
    return first.outcome === 'imported' || first.outcome === 'unchanged' ? EXIT.ok : EXIT.badDataset;
  }
  io.out(`Following ${checkout}: each new commit is imported into ${dataDirFrom(values.data, io.env)} (looked at again every ${period} s).\n`);
  follower.start();
  await follower.check();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  follower.close();
  return EXIT.ok;
}
