import { spawnSync } from 'node:child_process';

/** Runs iptables-restore or nft; where they need root, in a user and network namespace of their own (unshare -rn). */
export function runFirewallTool(command: string, args: string[]): { status: number | null; output: string } {
  const run = (argv: string[]) => {
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (r.error) throw new Error(`cannot run ${argv[0]} (${r.error.message})`);
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  const direct = run([command, ...args]);
  if (direct.status === 0 || !/Permission denied|Operation not permitted|you must be root/i.test(direct.output)) return direct;
  return run(['unshare', '-rn', command, ...args]);
}
