import { wrapLine } from '../core/render/text.js';
import { EXIT, type Io } from './io.js';

type Command = (args: string[], io: Io) => Promise<number>;

// Each command's module is imported when that command runs: `porthole ask` does not load preview, import or
// diff code (start-up time is most of what a CLI answer costs).
const COMMANDS: Record<string, () => Promise<Command>> = {
  ask: async () => (await import('./ask.js')).askCommand,
  why: async () => (await import('./why.js')).whyCommand,
  topics: async () => (await import('./topics.js')).topicsCommand,
  preview: async () => (await import('./preview.js')).previewCommand,
  regions: async () => (await import('./regions.js')).regionsCommand,
  clusters: async () => (await import('./clusters.js')).clustersCommand,
};

const DATA_COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./data-check.js')).dataCheckCommand,
  import: async () => (await import('./data-import.js')).dataImportCommand,
  follow: async () => (await import('./data-follow.js')).dataFollowCommand,
  status: async () => (await import('./data-status.js')).dataStatusCommand,
  editions: async () => (await import('./data-editions.js')).dataEditionsCommand,
  diff: async () => (await import('./data-diff.js')).dataDiffCommand,
};

async function usage(): Promise<string> {
  const [{ ASK_USAGE }, { WHY_USAGE }, { TOPICS_USAGE }, { PREVIEW_USAGE }, { DATA_IMPORT_USAGE }, { DIFF_USAGE }, { DATA_FOLLOW_USAGE }] = await Promise.all([
    import('./ask.js'),
    import('./why.js'),
    import('./topics.js'),
    import('./preview.js'),
    import('./data-import.js'),
    import('./data-diff.js'),
    import('./data-follow.js'),
  ]);
  const lines = [
    ASK_USAGE,
    WHY_USAGE,
    TOPICS_USAGE,
    PREVIEW_USAGE,
    'porthole regions [--data DIR] [--format json]',
    'porthole clusters [--clusters FILE] [--format json]',
    'porthole data check [--data DIR]',
    DATA_IMPORT_USAGE,
    DATA_FOLLOW_USAGE,
    'porthole data status [--data DIR]',
    'porthole data editions [--format text|json] [--data DIR]',
    DIFF_USAGE,
  ].map((line) => line.replace(/^usage: /, ''));
  const wrapped = lines.flatMap((l) => wrapLine(`  ${l}`).map((w, i) => (i === 0 ? w : `    ${w}`)));
  return `porthole: which firewall rules IBM Cloud Kubernetes Service needs\n\n${wrapped.join('\n')}\n\n` +
    '`porthole <command> --help` shows one command; docs/cli.md has the details.\n';
}

/** `porthole <command> --help`: that command's usage from the list above, with its continuation lines. */
async function commandUsage(command: string): Promise<string> {
  const lines = (await usage()).split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  porthole ${command} `));
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('      ')) end += 1;
  return `${lines.slice(start, end).join('\n')}\n`;
}

/** Every command and `data` subcommand, as typed after `porthole`. */
export function commandNames(): string[] {
  return [...Object.keys(COMMANDS), ...Object.keys(DATA_COMMANDS).map((sub) => `data ${sub}`)];
}

const asksForHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && Object.hasOwn(COMMANDS, command)) {
      if (asksForHelp(rest)) {
        io.out(await commandUsage(command));
        return EXIT.ok;
      }
      return await (await COMMANDS[command]!())(rest, io);
    }
    switch (command) {
      case 'data': {
        const sub = rest[0] ?? '';
        if (Object.hasOwn(DATA_COMMANDS, sub)) {
          if (asksForHelp(rest.slice(1))) {
            io.out(await commandUsage(`data ${sub}`));
            return EXIT.ok;
          }
          return await (await DATA_COMMANDS[sub]!())(rest.slice(1), io);
        }
        io.err(`porthole data: unknown subcommand "${rest[0] ?? ''}"\n${await usage()}`);
        return EXIT.notUnderstood;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(await usage());
        return EXIT.ok;
      default:
        io.err(`porthole: unknown command "${command}"\n${await usage()}`);
        return EXIT.notUnderstood;
    }
  } catch (err) {
    // Option errors from parseArgs and the like: one line, no stack trace.
    io.err(`porthole ${command}: ${(err as Error).message}\n`);
    return EXIT.notUnderstood;
  }
}
