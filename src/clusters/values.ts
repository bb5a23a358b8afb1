import { z } from 'zod';
import { masterEndpoint } from './facts.js';
import { clusterNameProblem } from './names.js';

// The values a cluster source hands on (IKS answers, a cluster file), checked where they enter: they end up in
// Kubernetes names and comments, shell commands, terminal and Slack output, so each is held to the form IBM
// gives it and nothing more.

/** Zones, worker locations and data centres: a DNS label such as fra02 or us-south-1. */
export const ZONE_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const zoneId = z.string().regex(ZONE_ID, 'must be a zone id such as fra02 or us-south-1');

/** Cluster names, cluster ids and worker ids, as IKS allows them. */
export const clusterName = z.string().superRefine((s, ctx) => {
  const problem = clusterNameProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const endpointUrl = z
  .string()
  .refine(
    (s) => masterEndpoint(s) !== null,
    'must be an https URL of a host and port only, such as https://c2.eu-de.containers.cloud.ibm.com:31142',
  );

/** A region as a source writes it (eu-de, or the legacy eu-central): the same form as a zone id. */
export const regionName = z.string().regex(ZONE_ID, 'must be a region such as eu-de or us-south');
