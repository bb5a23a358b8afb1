import type { ClusterFacts } from '../../src/core/answer.js';
import type { FakeCluster } from './ibm-cloud.js';

/**
 * The one cluster the tests look up: demo-fra as data/clusters.example.yml describes it (eu-de, master port
 * 31142), with one worker. A fresh copy each call, so a test may change it.
 */
export function demoFraFacts(): ClusterFacts {
  return {
    id: 'c0demofra0000000e0de',
    name: 'demo-fra',
    region: 'eu-de',
    zones: ['fra02'],
    masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
    masterHost: 'c2.eu-de.containers.cloud.ibm.com',
    masterPort: 31142,
    workers: [{ id: 'kube-w1', zone: 'fra02', publicIp: '192.0.2.11', privateIp: '10.75.10.11' }],
    source: 'file',
  };
}

/** demo-fra as a cluster lookup might return it from a hostile source: its workers' fields as given. */
export function hostileClusterFacts(workers: ClusterFacts['workers']): ClusterFacts {
  return { ...demoFraFacts(), id: 'c0hostile', name: 'hostile', workers, source: 'iks' };
}

/** demo-fra as the IKS API describes it, for the IBM Cloud stand-in. */
export function demoFraAsIks(): FakeCluster {
  const facts = demoFraFacts();
  return {
    id: facts.id,
    name: facts.name,
    region: facts.region,
    dataCenter: facts.zones[0] ?? '',
    workerZones: facts.zones,
    masterURL: facts.masterUrl,
    publicServiceEndpointURL: facts.masterUrl,
    privateServiceEndpointURL: facts.masterUrl.replace('.eu-de.', '.private.eu-de.'),
    etcdPort: '31593',
    workers: facts.workers.map((w) => ({ id: w.id, location: w.zone, publicIP: w.publicIp ?? '', privateIP: w.privateIp ?? '' })),
  };
}
