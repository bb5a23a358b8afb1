import { networkKey } from './diff.js';

// An export as a change against an earlier edition: the rows to add and the rows to remove, so that a team
// that applied the earlier rules files one change request. Rows are compared on what a firewall sees
// (direction, source, destination, protocol, port), one network written two ways comparing equal.

const KEY_COLUMNS = ['Direction', 'Source', 'Destination', 'Protocol', 'Port'] as const;

/**
 * `before` and `after` are sheets with the same header row first. The result has a `Change` column first:
 * "add" for rows only `after` has, "remove" for rows only `before` has; rows both have are left out.
 */
export function recordsSince(before: string[][], after: string[][]): string[][] {
  const header = after[0] ?? before[0] ?? [];
  const index = KEY_COLUMNS.map((c) => header.indexOf(c));
  if (index.some((i) => i < 0)) throw new Error(`a sheet without the columns ${KEY_COLUMNS.join(', ')}`);
  const key = (row: string[]) =>
    index.map((i, n) => (KEY_COLUMNS[n] === 'Source' || KEY_COLUMNS[n] === 'Destination' ? networkKey(row[i] ?? '') : (row[i] ?? ''))).join('\u0000');
  const beforeKeys = new Set(before.slice(1).map(key));
  const afterKeys = new Set(after.slice(1).map(key));
  return [
    ['Change', ...header],
    ...after.slice(1).filter((row) => !beforeKeys.has(key(row))).map((row) => ['add', ...row]),
    ...before.slice(1).filter((row) => !afterKeys.has(key(row))).map((row) => ['remove', ...row]),
  ];
}
