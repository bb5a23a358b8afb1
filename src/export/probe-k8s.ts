import type { Answer } from '../core/answer.js';
import type { Exporter } from './exporter.js';
import { exportBaseName, slugify } from './names.js';
import { describeExport } from './plan.js';
import { planProbe, renderProbe } from './probe.js';
import { yamlDocument, yamlStream } from './yaml.js';

// The connectivity check as a Kubernetes Job: the script in a ConfigMap, run by busybox on the worker's own
// network (hostNetwork), so that the checks leave from the worker's addresses as its traffic does; one Job per
// zone the answer names, pinned there by the zone label Kubernetes gives every node.

export const PROBE_IMAGE = 'busybox:1.36';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
// Kubernetes object names: DNS-1123 labels of at most 63 characters; a Job's name is kept to 52, as its pods
// add a suffix and the name is also a label value.
const MAX_NAME = 52;
const DNS_1123_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS-1123 label of at most `max` characters from the parts, the last part kept whole where it fits. */
export function kubernetesName(parts: readonly string[], max = MAX_NAME): string {
  const slugs = parts.map((p) => slugify(p, { maxLength: max, dots: false })).filter(Boolean);
  const last = slugs.length > 1 ? slugs[slugs.length - 1]! : '';
  // The zone and interface stay readable at the end; the answer's part is cut to make room.
  const room = max - (last ? last.length + 1 : 0);
  const head = slugs.slice(0, last ? -1 : undefined).join('-');
  const name = last && room >= 10 ? `${slugify(head, { maxLength: room, dots: false })}-${last}` : slugify(slugs.join('-'), { maxLength: max, dots: false });
  if (!DNS_1123_LABEL.test(name)) throw new Error(`not a Kubernetes name: ${JSON.stringify(name)}`);
  return name;
}

/** The zones to run in: the asked zone, else the cluster's zones, else none (any worker node). */
export function probeZones(answer: Answer): string[] {
  if (answer.query.zone) return [answer.query.zone];
  return answer.cluster?.zones ?? [];
}

export function renderProbeK8s(answer: Answer): string {
  const base = kubernetesName([exportBaseName(answer) || 'porthole']);
  const { checks } = planProbe(answer);
  const workerFroms = [...new Set(checks.flatMap((c) => c.from))].filter((f) => f.startsWith('workers-'));
  const script = renderProbe(answer);
  const labels = { 'app.kubernetes.io/name': 'porthole-probe', 'app.kubernetes.io/instance': base };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: base, labels },
    data: { 'probe.sh': script },
  };
  const zones = probeZones(answer);
  const jobs = (zones.length > 0 ? zones : [null]).flatMap((zone) =>
    (workerFroms.length > 0 ? workerFroms : [null]).map((from) => {
      const name = kubernetesName([base, [zone ?? '', (from ?? '').replace(/^workers-/, '')].join('-')]);
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, labels },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 600,
          ttlSecondsAfterFinished: 3600,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              // The worker's own addresses, as its traffic leaves; the cluster's DNS still answers.
              hostNetwork: true,
              dnsPolicy: 'ClusterFirstWithHostNet',
              ...(zone ? { nodeSelector: { [ZONE_LABEL]: zone } } : {}),
              containers: [
                {
                  name: 'probe',
                  image: PROBE_IMAGE,
                  command: ['sh', '/porthole/probe.sh', ...(from ? ['-f', from] : [])],
                  volumeMounts: [{ name: 'script', mountPath: '/porthole', readOnly: true }],
                  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
                  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 65534, capabilities: { drop: ['ALL'] } },
                },
              ],
              volumes: [{ name: 'script', configMap: { name: base } }],
            },
          },
        },
      };
    }),
  );
  const header = [
    ...describeExport(answer, 'connectivity check as a Kubernetes Job'),
    '',
    'Apply with: kubectl apply -n <namespace> -f FILE; read the result with kubectl logs -n <namespace> job/<name>.',
    'A Job that fails had a required check fail, or one inconclusive (a refused end of a port range; the log says).',
    'hostNetwork needs a namespace whose pod security allows it',
    '(the "privileged" Pod Security Standard level). Delete with kubectl delete -n <namespace> -f FILE.',
    ...(zones.length > 0 ? [`One Job per zone (${zones.join(', ')}), on a node labelled ${ZONE_LABEL}.`] : ['No zone named: the Job runs on any worker node.']),
    ...(workerFroms.length > 1 ? [`One Job per worker interface (${workerFroms.join(', ')}): each runs the checks of its rules.`] : []),
  ];
  return yamlStream([configMap, ...jobs].map((value) => yamlDocument(value)), header);
}

export const probeK8sExporter: Exporter = {
  id: 'probe-k8s',
  title: 'Connectivity check (Kubernetes Job)',
  fileExtension: 'k8s.yaml',
  mimeType: 'application/yaml',
  render: renderProbeK8s,
};
