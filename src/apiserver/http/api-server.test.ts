import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../registry/index.js';
import { type RunningApiServer, startApiServer } from './api-server.js';
import { send, stream, type TestTarget } from './https-test-client.js';

const KUBECTL = '/usr/bin/kubectl';
const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const JSON_TYPE = { 'Content-Type': 'application/json' };

let stateDir: string;
let server: RunningApiServer;
let api: TestTarget;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'api-server-test-'));
  server = await startApiServer({ stateDir, name: 'hub' });
  api = { url: server.url, caPem: server.caPem, token: server.token };
});

afterAll(async () => {
  await server?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

function configMap(name: string, data: Record<string, string> = {}) {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
}

async function createConfigMap(namespace: string, name: string, data: Record<string, string> = {}) {
  const res = await send(api, `/api/v1/namespaces/${namespace}/configmaps`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: configMap(name, data),
  });
  expect(res.status).toBe(201);
  return res.json as { metadata: { resourceVersion: string } };
}

describe('authentication', () => {
  it('answers requests without the token with a 401 Status', async () => {
    const res = await send({ ...api, token: undefined }, '/api/v1/namespaces');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await send({ ...api, token: 'wrong' }, '/apis')).status).toBe(401);
  });

  it('serves health and version without a token', async () => {
    const anonymous = { ...api, token: undefined };
    const health = await send(anonymous, '/healthz');
    expect([health.status, health.text]).toEqual([200, 'ok']);
    expect((await send(anonymous, '/readyz')).status).toBe(200);
    const version = await send(anonymous, '/version?timeout=5s');
    expect(version.json).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0-embedded' });
  });
});

describe('discovery', () => {
  it('serves aggregated discovery when asked for it', async () => {
    const core = await send(api, '/api?timeout=32s', { headers: { Accept: DISCOVERY_ACCEPT } });
    expect(core.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const doc = core.json as {
      kind: string;
      items: { metadata: { name: string }; versions: { resources: { resource: string }[] }[] }[];
    };
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    expect(doc.items.map((item) => item.metadata.name)).toEqual(['']);
    expect(doc.items[0]?.versions[0]?.resources.map((r) => r.resource)).toContain('configmaps');
    const groups = await send(api, '/apis', { headers: { Accept: DISCOVERY_ACCEPT } });
    const names = (groups.json as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    expect(names).toContain('apps');
    expect(names).not.toContain('');
  });

  it('serves legacy discovery otherwise', async () => {
    const core = await send(api, '/api');
    expect(core.json).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${server.port}` }],
    });
    const groups = (await send(api, '/apis')).json as { kind: string; groups: { name: string }[] };
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => g.name)).toContain('apps');
    const v1 = (await send(api, '/api/v1')).json as { resources: { name: string; kind: string }[] };
    expect(v1.resources).toContainEqual(expect.objectContaining({ name: 'configmaps', kind: 'ConfigMap' }));
    expect(v1.resources).toContainEqual(expect.objectContaining({ name: 'namespaces/status' }));
    expect((await send(api, '/apis/no.such.group')).status).toBe(404);
  });

  it('serves OpenAPI v3 addressed by content hash, and 404 for v2', async () => {
    const index = (await send(api, '/openapi/v3')).json as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    const url = index.paths['api/v1']?.serverRelativeURL ?? '';
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const doc = await send(api, url, { headers: { Accept: 'application/json' } });
    expect(doc.headers['cache-control']).toBe('public, immutable');
    const paths = (doc.json as { paths: Record<string, { patch?: object }> }).paths;
    expect(paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch).toMatchObject({
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'ConfigMap' },
    });
    const stale = await send(api, '/openapi/v3/api/v1?hash=0000');
    expect([stale.status, stale.headers.location]).toEqual([301, url]);
    const v2 = await send(api, '/openapi/v2', {
      headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    expect(v2.status).toBe(404);
    expect(v2.json).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });
});

describe('resources', () => {
  it('creates, gets and lists objects', async () => {
    await createConfigMap('default', 'crud', { a: '1' });
    const got = await send(api, '/api/v1/namespaces/default/configmaps/crud');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.json).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
    const list = (await send(api, '/api/v1/namespaces/default/configmaps?limit=500')).json as {
      kind: string;
      metadata: { resourceVersion: string };
      items: { metadata: { name: string } }[];
    };
    expect(list.kind).toBe('ConfigMapList');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.items.map((item) => item.metadata.name)).toContain('crud');
    const all = (await send(api, '/api/v1/configmaps')).json as { items: unknown[] };
    expect(all.items.length).toBeGreaterThanOrEqual(1);
  });

  it('negotiates Tables for kubectl', async () => {
    await createConfigMap('default', 'tabled', { a: '1', b: '2' });
    const res = await send(api, '/api/v1/namespaces/default/configmaps/tabled', {
      headers: { Accept: TABLE_ACCEPT },
    });
    expect(res.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = res.json as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 2)).toEqual(['tabled', 2]);
    expect(table.rows[0]?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'tabled' },
    });
    const bare = await send(api, '/api/v1/namespaces/default/configmaps?includeObject=None', {
      headers: { Accept: TABLE_ACCEPT },
    });
    expect((bare.json as { rows: object[] }).rows.every((row) => !('object' in row))).toBe(true);
    const refused = await send(api, '/api/v1/namespaces/default/configmaps', {
      headers: { Accept: 'application/vnd.kubernetes.protobuf' },
    });
    expect(refused.status).toBe(406);
  });

  it('sends one Warning header per warning', async () => {
    const res = await send(api, '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ metadata: { name: 'warned' }, bogus: 1 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"bogus\\""');
  });

  it('answers malformed requests as the real server does', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const malformed = await send(api, path, { method: 'POST', headers: JSON_TYPE, body: '{"metadata":' });
    expect(malformed.json).toMatchObject({ code: 400, reason: 'BadRequest' });
    const wrongType = await send(api, path, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.json).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    const huge = await send(api, path, {
      method: 'POST',
      headers: JSON_TYPE,
      body: configMap('huge', { blob: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.json).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
    const patch = await send(api, `${path}/crud`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/xml' },
      body: '<a/>',
    });
    expect(patch.status).toBe(415);
    expect((await send(api, '/api/v1/namespaces/default/gizmos')).json).toMatchObject({
      code: 404,
      message: 'the server could not find the requested resource',
    });
    expect((await send(api, `${path}/crud`, { method: 'POST', headers: JSON_TYPE, body: '{}' })).status).toBe(
      405,
    );
  });
});

describe('watch', () => {
  it('flushes headers at once, sends one JSON event per line and ends cleanly at timeoutSeconds', async () => {
    const list = (await send(api, '/api/v1/namespaces/default/configmaps')).json as {
      metadata: { resourceVersion: string };
    };
    const rv = list.metadata.resourceVersion;
    const watch = await stream(
      api,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=2`,
      { headers: { Accept: '*/*' } },
    );
    // Headers arrived although nothing happened yet.
    expect(watch.status).toBe(200);
    expect(watch.headers['content-type']).toBe('application/json');
    expect(watch.headers['transfer-encoding']).toBe('chunked');
    await createConfigMap('default', 'watched', { k: 'v' });
    const event = (await watch.next()) as { type: string; object: { apiVersion: string; kind: string } };
    expect(event).toMatchObject({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap' } });
    expect(watch.chunks.join('').split('\n')[0]).toBe(JSON.stringify(event));
    await watch.end(5000);
    expect(watch.ended).toBe(true);
  });

  it('answers a too old resourceVersion with an ERROR event carrying 410, then ends', async () => {
    await createConfigMap('default', 'old-1');
    await createConfigMap('default', 'old-2');
    server.store.compactWatchHistory();
    const watch = await stream(api, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1');
    expect(watch.status).toBe(200);
    expect(await watch.next()).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 },
    });
    await watch.end();
  });

  it('streams Tables with column definitions on the first event only', async () => {
    const list = (
      await send(api, '/api/v1/namespaces/default/configmaps', { headers: { Accept: TABLE_ACCEPT } })
    ).json as { metadata: { resourceVersion: string } };
    const watch = await stream(
      api,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      { headers: { Accept: TABLE_ACCEPT } },
    );
    expect(watch.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    await createConfigMap('default', 'table-1');
    await createConfigMap('default', 'table-2');
    const first = (await watch.next()) as {
      object: { kind: string; columnDefinitions: object[]; rows: object[] };
    };
    const second = (await watch.next()) as {
      object: { columnDefinitions: object[]; rows: { cells: unknown[] }[] };
    };
    expect(first.object.kind).toBe('Table');
    expect(first.object.columnDefinitions).toHaveLength(3);
    expect(second.object.columnDefinitions).toEqual([]);
    expect(second.object.rows[0]?.cells[0]).toBe('table-2');
    watch.close();
  });
});

describe('clients', () => {
  it('works with client-node, including an informer', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('default');
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const added: string[] = [];
    informer.on('add', (cm: V1ConfigMap) => added.push(cm.metadata?.name ?? ''));
    await informer.start();
    await createConfigMap('default', 'informed');
    await expect.poll(() => added, { timeout: 5000 }).toContain('informed');
    await informer.stop();
  });

  it.skipIf(!existsSync(KUBECTL))('works with kubectl', async () => {
    const cacheDir = join(stateDir, 'kube-cache');
    const kubectl = (...args: string[]) =>
      promisify(execFile)(KUBECTL, ['--kubeconfig', server.kubeconfigPath, '--cache-dir', cacheDir, ...args]);
    const { stdout, stderr } = await kubectl('get', 'ns');
    expect(stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(stdout).toMatch(/\ndefault\s+Active\s+\d+s\n/);
    expect(stderr).toBe('');
    const created = await kubectl('create', 'configmap', 'from-kubectl', '--from-literal=a=b');
    expect(created.stdout.trim()).toBe('configmap/from-kubectl created');
  });
});

describe('pods/log', () => {
  it('sends whole logs as text and streams followed logs until the server stops', async () => {
    const follow = async function* () {
      yield 'line 1\n';
      yield 'line 2\n';
      await new Promise(() => {}); // a container that keeps running and logs nothing more
    };
    const logServer = await startApiServer({
      createRegistry: (store) =>
        ResourceRegistry.open({
          store,
          podLogs: { read: async (_ns, pod, options) => (options.follow ? follow() : `log of ${pod}\n`) },
        }),
    });
    const target = { url: logServer.url, caPem: logServer.caPem, token: logServer.token };
    try {
      const pod = { metadata: { name: 'p1' }, spec: { containers: [{ name: 'app', image: 'busybox' }] } };
      const created = await send(target, '/api/v1/namespaces/default/pods', {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(pod),
      });
      expect(created.status).toBe(201);
      const whole = await send(target, '/api/v1/namespaces/default/pods/p1/log');
      expect([whole.status, whole.headers['content-type'], whole.text]).toEqual([
        200,
        'text/plain',
        'log of p1\n',
      ]);
      const followed = await stream(target, '/api/v1/namespaces/default/pods/p1/log?follow=true');
      expect(followed.status).toBe(200);
      expect(await followed.nextLine()).toBe('line 1');
      expect(await followed.nextLine()).toBe('line 2');
      await logServer.stop();
      await followed.end(2000);
    } finally {
      await logServer.stop();
    }
  });
});

describe('lifecycle', () => {
  it('ends watches cleanly on stop and keeps token, certificate and objects across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-server-restart-'));
    try {
      const first = await startApiServer({ stateDir: dir });
      const target = { url: first.url, caPem: first.caPem, token: first.token };
      const res = await send(target, '/api/v1/namespaces/default/configmaps', {
        method: 'POST',
        headers: JSON_TYPE,
        body: configMap('durable'),
      });
      expect(res.status).toBe(201);
      const watch = await stream(target, '/api/v1/namespaces/default/configmaps?watch=true');
      await watch.next();
      await first.stop();
      await watch.end(2000);

      const second = await startApiServer({ stateDir: dir });
      try {
        expect([second.token, second.caPem]).toEqual([first.token, first.caPem]);
        const again = { url: second.url, caPem: second.caPem, token: second.token };
        expect((await send(again, '/api/v1/namespaces/default/configmaps/durable')).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tells onRequest about every request, watches included', async () => {
    const seen: string[] = [];
    const observed = await startApiServer({ onRequest: (req) => seen.push(`${req.method} ${req.url}`) });
    try {
      const target = { url: observed.url, caPem: observed.caPem, token: observed.token };
      await send(target, '/api/v1/namespaces/default/configmaps');
      await send({ ...target, token: undefined }, '/api/v1/namespaces');
      const watch = await stream(target, '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1');
      await watch.end(5000);
      expect(seen).toEqual([
        'GET /api/v1/namespaces/default/configmaps',
        'GET /api/v1/namespaces',
        'GET /api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1',
      ]);
    } finally {
      await observed.stop();
    }
  });

  it('reports a taken port as a start error', async () => {
    await expect(startApiServer({ port: server.port })).rejects.toThrow(
      /cannot start the API server embedded/,
    );
  });
});
