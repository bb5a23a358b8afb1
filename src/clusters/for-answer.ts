import type { ClusterFacts } from '../core/answer.js';
import { oneTerminalLine } from '../core/printable.js';
import type { Dataset } from '../core/dataset/build.js';
import { isLookupAllowed, type ClusterConfig } from './config.js';
import type { ClusterDirectory } from './directory.js';
import type { ClusterSource } from './types.js';

/** What a front end needs from a lookup: the facts if it may use them, notes for the asker, and audit fields. */
export interface ClusterForAnswer {
  facts: ClusterFacts | null;
  notes: string[];
  audit: { cluster: string; status: string; source: ClusterSource | null; cached: boolean };
}

export interface Caller {
  channelId?: string;
  userId?: string;
}

const UNAVAILABLE = {
  timeout: 'the lookup timed out',
  malformed: 'the answer was not understood',
  outage: 'the service is not available',
} as const;

/** Maps a region as IBM Cloud writes it (eu-de, eu-central, "EU Central") to the dataset's region id. */
export function regionResolver(dataset: Dataset): (name: string) => string | null {
  const byName = new Map<string, string>();
  for (const r of dataset.regions) for (const n of [r.id, r.legacyId, r.pageName]) byName.set(n.toLowerCase(), r.id);
  return (name) => byName.get(name.trim().toLowerCase()) ?? null;
}

/**
 * Looks a cluster up for an answer. Failures become notes, never errors: the answer then covers the region.
 * Details meant for the operators (refused keys, outages) go to the log, not to the asker.
 */
export async function clusterForAnswer(
  name: string,
  options: {
    directory: ClusterDirectory | null;
    config: ClusterConfig | null;
    caller?: Caller;
    /** The CLI's user is the operator: show why a lookup failed. Slack users get the plain note. */
    showDetails?: boolean;
  },
): Promise<ClusterForAnswer> {
  const audit = (status: string, source: ClusterSource | null = null, cached = false) => ({ cluster: name, status, source, cached });
  const { directory, config } = options;
  if (!directory || !config) {
    return {
      facts: null,
      notes: [`No cluster source is set up (a cluster file or an IBM Cloud API key), so cluster ${name} was not looked up: the answer covers the region.`],
      audit: audit('not-configured'),
    };
  }
  const permission = isLookupAllowed(config, options.caller ?? {});
  if (!permission.allowed) {
    return {
      facts: null,
      notes: [`Cluster details are not shared here (${permission.reason}): the answer covers the region.`],
      audit: audit('not-allowed'),
    };
  }
  const result = await directory.lookup(name);
  switch (result.status) {
    case 'found':
      return {
        facts: result.facts,
        notes: [`Cluster ${result.facts.name} as read from ${result.source === 'file' ? 'the cluster file' : 'the IBM Cloud Kubernetes Service API'}${result.cached ? ' (cached)' : ''}.`],
        audit: audit('found', result.source, result.cached),
      };
    case 'not-found':
      return {
        facts: null,
        notes: [`Cluster ${name} was not found${result.suggestions.length > 0 ? `; did you mean ${result.suggestions.join(' or ')}?` : '.'} The answer covers the region.`],
        audit: audit('not-found'),
      };
    case 'unauthorized':
    case 'forbidden':
      return {
        facts: null,
        notes: [
          `Cluster lookups are not set up correctly for porthole (${options.showDetails ? oneTerminalLine(result.detail) : 'the administrators have the details in the log'}), so cluster ${name} could not be read: the answer covers the region.`,
        ],
        audit: audit(result.status),
      };
    case 'unavailable':
      return {
        facts: null,
        notes: [
          `Cluster ${name} could not be read (${options.showDetails ? oneTerminalLine(result.detail) : UNAVAILABLE[result.reason]}): the answer covers the region.`,
        ],
        audit: audit(`unavailable-${result.reason}`),
      };
    case 'invalid-name':
      return { facts: null, notes: [result.message], audit: audit('invalid-name') };
    case 'not-configured':
      return {
        facts: null,
        notes: [`No cluster source is set up, so cluster ${name} was not looked up: the answer covers the region.`],
        audit: audit('not-configured'),
      };
  }
}
