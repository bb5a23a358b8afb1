import { printable } from './printable.js';

export { printable };

// Cluster names and ids as users type them: checked before any lookup, by the parser, the Slack picker and the
// cluster sources alike.

/**
 * IKS cluster names and ids: letters, digits, "-", "_", "." and at most 64 characters, starting with a letter or
 * digit (a name is pasted into suggested commands, where a leading "-" would read as an option).
 */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why a cluster name or id cannot be looked up, or null when it can. */
export function clusterNameProblem(name: string): string | null {
  if (name.length === 0) return 'A cluster name or id is empty.';
  if (name.length > 64) return `A cluster name or id has at most 64 characters; this one has ${name.length}.`;
  if (name === '.' || name === '..') return `"${name}" is not a cluster name.`;
  if (!CLUSTER_NAME.test(name)) {
    return `"${printable(name)}" is not a cluster name or id: use only letters, digits, "-", "_" and ".", starting with a letter or digit.`;
  }
  return null;
}

export function isValidClusterName(name: string): boolean {
  return clusterNameProblem(name) === null;
}
