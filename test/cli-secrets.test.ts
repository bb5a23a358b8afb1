import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { demoFraAsIks } from './support/cluster-fixture.js';
import { type IbmCloudStandIn, type ScriptedResponse, startIbmCloudStandIn } from './support/ibm-cloud.js';

// The CLI shows why a cluster lookup failed (its user is the operator), but never a secret an error body echoes:
// IAM and IKS answers are scrubbed as the Slack log is.

const API_KEY = 'porthole-test-api-key-0123456789abcdef';
let cloud: IbmCloudStandIn;

beforeEach(async () => {
  cloud = await startIbmCloudStandIn({ clusters: [demoFraAsIks()] });
});
afterEach(async () => cloud.close());

/** The built CLI as a child process, asynchronously: the IBM Cloud stand-in answers from this process. */
function porthole(args: string[]): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, ['dist/cli/bin.js', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORTHOLE_EDITION: process.env.PORTHOLE_EDITION, IBMCLOUD_API_KEY: API_KEY, IBMCLOUD_IAM_URL: cloud.iamUrl, IKS_API_URL: cloud.iksUrl },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

const ECHOES: Record<string, ScriptedResponse> = {
  'a form body echoed as text': { status: 400, raw: `bad request: grant_type=urn%3Aibm&apikey=${API_KEY}` },
  'a JSON error message quoting the key': { status: 400, body: { errorCode: 'BXNIM0415E', errorMessage: `Provided API key ${API_KEY} could not be found.` } },
  'a 500 page with the key and a bearer token': { status: 500, raw: `<pre>{"apikey":"${API_KEY}"} Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.secret.part</pre>` },
};

describe('porthole ask and porthole clusters', () => {
  it.each(Object.keys(ECHOES))('never print the API key from %s', async (label) => {
    const echo = ECHOES[label]!;
    for (const args of [['ask', `kubectl for cluster ${demoFraAsIks().name}`], ['clusters']]) {
      cloud.enqueue('/identity/token', echo, echo, echo);
      const { output } = await porthole(args);
      expect(output, args.join(' ')).toContain('[redacted]');
      expect(output, args.join(' ')).not.toContain(API_KEY);
      expect(output, args.join(' ')).not.toContain('secret.part');
    }
  });
});
