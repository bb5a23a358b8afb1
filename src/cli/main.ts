import { previewCommand, PREVIEW_USAGE } from './preview.js';
import { askCommand, ASK_USAGE } from './ask.js';
import { clustersCommand } from './clusters.js';
import { dataCheckCommand } from './data-check.js';
import { dataImportCommand, DATA_IMPORT_USAGE } from './data-import.js';
import { dataStatusCommand } from './data-status.js';
import { dataDiffCommand, DIFF_USAGE } from './data-diff.js';
import { dataEditionsCommand } from './data-editions.js';
import { EXIT, type Io } from './io.js';
import { regionsCommand } from './regions.js';
import { topicsCommand, TOPICS_USAGE } from './topics.js';
import { whyCommand, WHY_USAGE } from './why.js';

const USAGE = `porthole: which firewall rules IBM Cloud Kubernetes Service needs

  ${ASK_USAGE}
  ${WHY_USAGE}
  ${TOPICS_USAGE}
  ${PREVIEW_USAGE.replace('usage: ', '')}
  porthole regions [--data DIR] [--format json]
  porthole clusters [--clusters FILE] [--format json]
  porthole data check [--data DIR]
  ${DATA_IMPORT_USAGE}
  porthole data status [--data DIR]
  porthole data editions [--format text|json] [--data DIR]
  porthole ${DIFF_USAGE.replace('usage: porthole ', '')}
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ask':
        return await askCommand(rest, io);
      case 'why':
        return await whyCommand(rest, io);
      case 'topics':
        return await topicsCommand(rest, io);
      case 'preview':
        return await previewCommand(rest, io);
      case 'regions':
        return await regionsCommand(rest, io);
      case 'clusters':
        return await clustersCommand(rest, io);
      case 'data':
        if (rest[0] === 'check') return await dataCheckCommand(rest.slice(1), io);
        if (rest[0] === 'import') return await dataImportCommand(rest.slice(1), io);
        if (rest[0] === 'status') return await dataStatusCommand(rest.slice(1), io);
        if (rest[0] === 'editions') return await dataEditionsCommand(rest.slice(1), io);
        if (rest[0] === 'diff') return await dataDiffCommand(rest.slice(1), io);
        io.err(`porthole data: unknown subcommand "${rest[0] ?? ''}"\n${USAGE}`);
        return EXIT.notUnderstood;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return EXIT.ok;
      default:
        io.err(`porthole: unknown command "${command}"\n${USAGE}`);
        return EXIT.notUnderstood;
    }
  } catch (err) {
    // Option errors from parseArgs and the like: one line, no stack trace.
    io.err(`porthole ${command}: ${(err as Error).message}\n`);
    return EXIT.notUnderstood;
  }
}
