/**
 * Real protobuf bodies: the actual `kubectl` (when on PATH) is pointed at a tiny local HTTP server that serves just
 * enough discovery, records each POST body and answers with the decoded object. The decoded objects must be what
 * kubectl would have sent as JSON (compared with its own `--dry-run=client -o json`). Skipped, visibly, without
 * kubectl.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtobufObject, PROTOBUF_MEDIA_TYPE } from './protobuf.js';

const run = promisify(execFile);

function findKubectl(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

const kubectl = findKubectl();

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const resource = (name: string, kind: string, namespaced: boolean, verbs = VERBS) => ({
  name,
  singularName: name.replace(/s$/, ''),
  namespaced,
  kind,
  verbs,
});
const groupVersion = (group: string) => ({ groupVersion: `${group}/v1`, version: 'v1' });

/** Legacy discovery: what kubectl needs to map `namespace`, `deployment`… to a path. */
const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0-test', platform: 'linux/amd64' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: ['apps', 'authorization.k8s.io'].map((name) => ({
      name,
      versions: [groupVersion(name)],
      preferredVersion: groupVersion(name),
    })),
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('namespaces', 'Namespace', false),
      resource('configmaps', 'ConfigMap', true),
      resource('secrets', 'Secret', true),
      resource('services', 'Service', true),
    ],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [resource('deployments', 'Deployment', true)],
  },
  '/apis/authorization.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'authorization.k8s.io/v1',
    resources: [resource('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create'])],
  },
};

interface Recorded {
  path: string;
  contentType: string | undefined;
  object: Record<string, unknown>;
}

function sendJson(res: ServerResponse, code: number, value: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** The recording server: discovery from the table above, POST bodies decoded and echoed back. */
function recordingServer(recorded: Recorded[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'POST') {
        let object: Record<string, unknown>;
        try {
          object = decodeProtobufObject(Buffer.concat(chunks));
        } catch (error) {
          // Recorded so the test fails on the assertion, with the decoder's message.
          object = { decodeError: String(error) };
        }
        recorded.push({ path, contentType: req.headers['content-type'], object });
        const reply =
          object.kind === 'SelfSubjectAccessReview' ? { ...object, status: { allowed: true } } : object;
        sendJson(res, 201, reply);
        return;
      }
      const document = DISCOVERY[path];
      if (document === undefined)
        sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 });
      else sendJson(res, 200, document);
    });
  });
}

/** Drops what the decoder drops: nulls and objects left empty. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = withoutEmpty(item);
    if (cleaned === null) continue;
    if (typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    result[key] = cleaned;
  }
  return result;
}

if (kubectl === undefined)
  console.warn('protobuf-kubectl.test.ts: kubectl is not on PATH, real-body tests skipped');
const suite = kubectl === undefined ? describe.skip : describe;
const title =
  kubectl === undefined
    ? 'protobuf bodies from the real kubectl — SKIPPED: kubectl is not on PATH'
    : 'protobuf bodies from the real kubectl';

suite(title, () => {
  const recorded: Recorded[] = [];
  const server = recordingServer(recorded);
  let workDir = '';
  let baseArgs: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'wire-kubectl-'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    baseArgs = ['--server', `http://127.0.0.1:${port}`, '--cache-dir', join(workDir, 'cache')];
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(workDir, { recursive: true, force: true });
  });

  async function kubectlRun(args: string[]): Promise<{ stdout: string; body: Recorded | undefined }> {
    const before = recorded.length;
    const { stdout } = await run(kubectl!, [...baseArgs, ...args], {
      env: { ...process.env, HOME: workDir, KUBECONFIG: join(workDir, 'no-kubeconfig') },
      timeout: 60_000,
    });
    return { stdout, body: recorded.slice(before).at(-1) };
  }

  /** The JSON kubectl would have posted, from its own client-side dry run. */
  async function dryRunJson(args: string[]): Promise<unknown> {
    const end = args.includes('--') ? args.indexOf('--') : args.length;
    const { stdout } = await kubectlRun([
      ...args.slice(0, end),
      '--dry-run=client',
      '-o',
      'json',
      ...args.slice(end),
    ]);
    return withoutEmpty(JSON.parse(stdout));
  }

  /** [what, kubectl arguments, POST path, what kubectl prints, the decoded object without apiVersion/kind]. */
  const creations: [string, string[], string, string, Record<string, unknown>][] = [
    [
      'namespace',
      ['create', 'namespace', 'dr-x'],
      '/api/v1/namespaces',
      'namespace/dr-x created',
      { metadata: { name: 'dr-x' } },
    ],
    [
      'configmap',
      ['create', 'configmap', 'c', '-n', 'default', '--from-literal=a=1', '--from-literal=b='],
      '/api/v1/namespaces/default/configmaps',
      'configmap/c created',
      { metadata: { name: 'c', namespace: 'default' }, data: { a: '1', b: '' } },
    ],
    [
      'secret generic',
      ['create', 'secret', 'generic', 's', '-n', 'default', '--from-literal=k=v', '--type=example.com/t'],
      '/api/v1/namespaces/default/secrets',
      'secret/s created',
      { metadata: { name: 's', namespace: 'default' }, data: { k: 'dg==' }, type: 'example.com/t' },
    ],
    [
      'deployment',
      [
        'create',
        'deployment',
        'd',
        '-n',
        'default',
        '--image=nginx',
        '--port=80',
        '--replicas=0',
        '--',
        'sleep',
        '10',
      ],
      '/apis/apps/v1/namespaces/default/deployments',
      'deployment.apps/d created',
      {
        metadata: { name: 'd', namespace: 'default', labels: { app: 'd' } },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: {
              containers: [
                { name: 'nginx', image: 'nginx', command: ['sleep', '10'], ports: [{ containerPort: 80 }] },
              ],
            },
          },
        },
      },
    ],
    [
      'service clusterip',
      ['create', 'service', 'clusterip', 'svc', '-n', 'default', '--tcp=80:8080'],
      '/api/v1/namespaces/default/services',
      'service/svc created',
      {
        metadata: { name: 'svc', namespace: 'default', labels: { app: 'svc' } },
        spec: {
          ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
          selector: { app: 'svc' },
          type: 'ClusterIP',
        },
      },
    ],
  ];

  it.each(creations)(
    'kubectl create %s posts protobuf that decodes to the object',
    async (_, args, path, printed, expected) => {
      const { stdout, body } = await kubectlRun(args);
      expect(body?.path).toBe(path);
      expect(body?.contentType).toBe(PROTOBUF_MEDIA_TYPE);
      const { apiVersion, kind, ...rest } = body!.object;
      expect(rest).toEqual(expected);
      expect(apiVersion).toBe(path.startsWith('/apis/apps') ? 'apps/v1' : 'v1');
      expect(typeof kind).toBe('string');
      expect(stdout.trim()).toBe(printed);
      expect(body!.object).toEqual(await dryRunJson(args));
    },
  );

  it('kubectl auth can-i posts a SelfSubjectAccessReview', async () => {
    const { stdout, body } = await kubectlRun(['auth', 'can-i', 'list', 'deployments.apps', '-n', 'dr']);
    expect(stdout.trim()).toBe('yes');
    expect(body?.path).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(body?.object).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'dr', verb: 'list', group: 'apps', resource: 'deployments' } },
    });
  });
});
