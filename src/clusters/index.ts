// Cluster lookups: which cluster is meant, from a cluster file or the IBM Cloud Kubernetes Service API.

export {
  clusterConfigSchema,
  DEFAULT_IAM_URL,
  DEFAULT_IKS_URL,
  isLookupAllowed,
  readClusterConfig,
  type ClusterConfig,
  type ClusterConfigInput,
  type LookupPermission,
  type ReadConfigResult,
} from './config.js';
export { createClusterDirectory, type ClusterDirectory, type ClusterDirectoryOptions } from './directory.js';
export { loadClusterFile, parseClusterFile, type FileLoadResult } from './file-source.js';
export { closestNames, clusterNameProblem } from './names.js';
export type {
  ClusterListEntry,
  ClusterListResult,
  ClusterLogger,
  ClusterLookupResult,
  ClusterSource,
  ResolveRegion,
  SourceFailure,
  UnavailableReason,
} from './types.js';
export { clusterForAnswer, regionResolver, type Caller, type ClusterForAnswer } from './for-answer.js';
