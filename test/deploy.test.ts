/**
 * The container and Kubernetes manifests, checked offline against the app itself: every environment variable
 * the app reads is wired, probes and ports match what the app serves, and it runs as a non-root user.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readClusterConfig } from '../src/clusters/index.js';
import { readConfig } from '../src/slack/config.js';
import { ROOT } from './helpers/cli.js';

const KUBE = path.join(ROOT, 'deploy', 'kubernetes');

/** The names the app's configuration readers look up, found by letting them read a recording environment. */
function environmentReadByTheApp(): string[] {
  const names = new Set<string>();
  const recording = new Proxy({} as NodeJS.ProcessEnv, {
    get(_target, key) {
      if (typeof key === 'string') names.add(key);
      return undefined;
    },
  });
  readConfig(recording);
  readClusterConfig(recording);
  return [...names].sort();
}

interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  livenessProbe: { httpGet: { path: string; port: string | number } };
  readinessProbe: { httpGet: { path: string; port: string | number } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { allowPrivilegeEscalation: boolean };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}
interface Deployment {
  kind: 'Deployment';
  spec: {
    replicas: number;
    template: { spec: { terminationGracePeriodSeconds: number; securityContext: { runAsNonRoot: boolean; runAsUser: number }; containers: Container[] } };
  };
}

function documents(file: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(readFileSync(path.join(KUBE, file), 'utf8'));
  for (const d of docs) expect(d.errors, file).toEqual([]);
  return docs.map((d) => d.toJS() as Record<string, unknown>);
}

const deployment = documents('deployment.yaml')[0] as unknown as Deployment;
const container = deployment.spec.template.spec.containers[0]!;
const settings = documents('configmap.yaml')[0] as { metadata: { name: string }; data: Record<string, string> };
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('Kubernetes manifests', () => {
  it('wire every environment variable the app reads, from the Deployment or its ConfigMap', () => {
    const read = environmentReadByTheApp();
    expect(read).toContain('SLACK_BOT_TOKEN');
    const wired = new Set([...(container.env ?? []).map((e) => e.name)]);
    const configMaps = (container.envFrom ?? []).map((e) => e.configMapRef?.name);
    expect(configMaps).toContain(settings.metadata.name);
    for (const name of Object.keys(settings.data)) wired.add(name);
    expect(read.filter((name) => !wired.has(name))).toEqual([]);
    expect([...wired].filter((name) => !read.includes(name)), 'wired but never read').toEqual([]);
  });

  it('take tokens and keys from Secrets, never as plain values', () => {
    const secretNames = environmentReadByTheApp().filter((n) => /TOKEN|SECRET|API_KEY/.test(n));
    expect(secretNames.length).toBeGreaterThan(2);
    for (const name of secretNames) {
      const entry = container.env?.find((e) => e.name === name);
      expect(entry?.valueFrom?.secretKeyRef, name).toBeDefined();
      expect(entry?.value, name).toBeUndefined();
      expect(Object.keys(settings.data), name).not.toContain(name);
    }
  });

  it('probe the paths the app serves, on the port it listens on', () => {
    const port = container.env?.find((e) => e.name === 'PORT')?.value;
    const named = container.ports.find((p) => p.name === container.livenessProbe.httpGet.port);
    expect(String(named?.containerPort)).toBe(port);
    expect(container.readinessProbe.httpGet.port).toBe(container.livenessProbe.httpGet.port);
    const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(path.join(ROOT, 'src', f), 'utf8'))
      .join('\n');
    for (const probe of [container.livenessProbe, container.readinessProbe]) expect(sources).toContain(`'${probe.httpGet.path}'`);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it('run two replicas as a non-root user with resources and a termination grace', () => {
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
    // Kubernetes' SIGKILL comes after the app's own grace for work in flight, with time to spare.
    const graceMs = readConfig({ SLACK_BOT_TOKEN: 'xoxb-0000-0000-deployTest', SLACK_APP_TOKEN: 'xapp-1-A0-0-deployTest', ...settings.data });
    expect(graceMs.ok).toBe(true);
    const appGraceSeconds = (graceMs.ok ? graceMs.config.shutdownGraceMs! : Infinity) / 1000;
    // The preStop pause counts against the termination grace too, before SIGTERM reaches the app.
    const pause = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(pause[0]).toBe('sleep');
    const pauseSeconds = Number(pause[1]);
    expect(pauseSeconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pauseSeconds + appGraceSeconds + 5);
    expect(dockerfile).toMatch(new RegExp(`^USER ${pod.securityContext.runAsUser}(:\\d+)?$`, 'm'));
  });

  it('send the Service to the container port the probes use', () => {
    const service = documents('service.yaml')[0] as { spec: { selector: Record<string, string>; ports: { targetPort: string }[] } };
    expect(service.spec.ports.map((p) => p.targetPort)).toEqual([container.livenessProbe.httpGet.port]);
    const labels = (documents('deployment.yaml')[0] as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) expect(labels[key]).toBe(value);
  });

  it('offer a Redis whose Service answers at the port a REDIS_URL for it names', () => {
    const [redis, service] = documents('redis.yaml') as [
      { spec: { template: { spec: { containers: { ports: { name: string; containerPort: number }[] }[] } } } },
      { metadata: { name: string }; spec: { ports: { port: number; targetPort: string }[] } },
    ];
    const port = redis.spec.template.spec.containers[0]!.ports[0]!;
    expect(service.spec.ports[0]!.targetPort).toBe(port.name);
    expect(readFileSync(path.join(KUBE, 'configmap.yaml'), 'utf8')).toContain(`redis://${service.metadata.name}:${service.spec.ports[0]!.port}`);
    expect(Object.keys(settings.data)).toContain('REDIS_URL');
  });

  it('are all listed in the kustomization, except the optional ones', () => {
    const kustomization = documents('kustomization.yaml')[0] as { resources: string[] };
    for (const file of kustomization.resources) expect(() => documents(file)).not.toThrow();
    expect(kustomization.resources).toContain('deployment.yaml');
  });
});

describe('staying current: git-sync and the importer', () => {
  interface PodContainer {
    name: string;
    image: string;
    args?: string[];
    command?: string[];
    volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
    securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  }
  const pod = (deployment as unknown as { spec: { template: { spec: { containers: PodContainer[]; initContainers: PodContainer[]; volumes: { name: string; emptyDir?: object; configMap?: { name: string } }[] } } } }).spec.template.spec;
  const byName = (name: string) => [...pod.containers, ...pod.initContainers].find((c) => c.name === name)!;
  const flag = (c: PodContainer, name: string) => c.args?.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const mountOf = (c: PodContainer, volume: string) => c.volumeMounts?.find((m) => m.name === volume)?.mountPath;
  const gitSync = byName('git-sync');
  const importer = byName('importer');
  const dataDir = settings.data.PORTHOLE_DATA_DIR!;

  it('git-sync v4 keeps a kube-samples checkout behind a link in a volume it shares with the importer', () => {
    expect(gitSync.image).toMatch(/^registry\.k8s\.io\/git-sync\/git-sync:v4\.\d+\.\d+$/);
    for (const name of ['repo', 'ref', 'period', 'root', 'link', 'exechook-command']) expect(flag(gitSync, name), name).toBeDefined();
    expect(flag(gitSync, 'repo')).toBe('https://github.com/IBM-Cloud/kube-samples');
    const root = flag(gitSync, 'root')!;
    const volume = gitSync.volumeMounts!.find((m) => m.mountPath === root)!.name;
    expect(pod.volumes.find((v) => v.name === volume)?.emptyDir).toBeDefined();
    expect(mountOf(importer, volume)).toBe(root);
    expect(importer.volumeMounts!.find((m) => m.name === volume)!.readOnly).toBe(true);
    expect(importer.command!.slice(0, 5)).toEqual(['node', 'dist/cli/bin.js', 'data', 'follow', path.posix.join(root, flag(gitSync, 'link')!)]);
  });

  it("the exechook is the script of the hook ConfigMap, mounted where git-sync runs it", () => {
    const hook = flag(gitSync, 'exechook-command')!;
    const mount = gitSync.volumeMounts!.find((m) => hook.startsWith(`${m.mountPath}/`))!;
    const volume = pod.volumes.find((v) => v.name === mount.name)!;
    const [configMap] = documents('git-sync-hook.yaml') as [{ metadata: { name: string }; data: Record<string, string> }];
    expect(volume.configMap?.name).toBe(configMap.metadata.name);
    expect(configMap.data[path.posix.basename(hook)]).toMatch(/^#!\/bin\/sh\n/);
    expect((documents('kustomization.yaml')[0] as { resources: string[] }).resources).toContain('git-sync-hook.yaml');
  });

  it('the importer writes into the data volume the app reads (PORTHOLE_DATA_DIR), seeded with the shipped editions', async () => {
    const { commandNames } = await import('../src/cli/main.js');
    expect(commandNames()).toContain('data follow');
    const data = importer.command![importer.command!.indexOf('--data') + 1];
    expect(data).toBe(dataDir);
    const volume = importer.volumeMounts!.find((m) => m.mountPath === dataDir)!.name;
    expect(mountOf(container as unknown as PodContainer, volume)).toBe(dataDir);
    const seed = byName('data');
    expect(pod.initContainers.map((c) => c.name)).toContain('data');
    expect(mountOf(seed, volume)).toBe(dataDir);
    expect(seed.command).toEqual(['cp', '-R', '/app/data/.', `${dataDir}/`]);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^COPY data \.\/data$/m);
  });

  it('every container runs without privilege escalation on a read-only root file system', () => {
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs from Node 20 slim with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20-slim\b/);
    const final = stages.at(-1)!;
    expect(final).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('has data/ in the build stage before npm run build, so that the image ships the edition snapshots', () => {
    const build = stages[0]!;
    const copy = build.search(/^COPY data \.\/data$/m);
    expect(copy).toBeGreaterThan(-1);
    expect(copy).toBeLessThan(build.search(/^RUN npm run build$/m));
  });

  it('runs what npm start runs, as a non-root user, with a health check on /healthz', () => {
    const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const cmd = /^CMD (\[.*\])$/m.exec(stages.at(-1)!)?.[1];
    expect((JSON.parse(cmd!) as string[]).join(' ')).toBe(start);
    const user = /^USER (\S+)$/m.exec(stages.at(-1)!)?.[1];
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(stages.at(-1)).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });
});
