/**
 * Bad input over the wire: every malformed or refused request gets the status code, reason and message a real
 * API server sends (kube-api.md §2.2, §2.3, §6.1, §8, §15.5), and none of them changes the store — the current
 * resourceVersion and the objects are the same before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRPolicyKind, toCustomResourceDefinition } from '../../src/api/index.js';
import { send, type TestRequest, type TestTarget } from '../../src/apiserver/http/https-test-client.js';
import { type RunningApiServer, startApiServer } from '../../src/apiserver/http/index.js';
import type { KubeStatus } from '../support/api-client.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const DRPOLICIES = `/apis/${DRPolicyKind.group}/${DRPolicyKind.versions[0]}/${DRPolicyKind.plural}`;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const APPLY_TYPE = { 'Content-Type': 'application/apply-patch+yaml' };
/** The real server's request body limit (3 MiB). */
const BODY_LIMIT = 3 * 1024 * 1024;
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
  "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and " +
  "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

let server: RunningApiServer;
let api: TestTarget;

beforeAll(async () => {
  server = await startApiServer({ name: 'bad-input' });
  api = { url: server.url, caPem: server.caPem, token: server.token };
  const crd = await send(api, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify(toCustomResourceDefinition(DRPolicyKind)),
  });
  expect(crd.status).toBe(201);
  const existing = await send(api, CONFIGMAPS, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ metadata: { name: 'existing' }, data: { a: '1' } }),
  });
  expect(existing.status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

/** What a refusal must look like; `reason` undefined means the Status has none (an unclassified 500). */
interface Refusal {
  code: number;
  reason: string | undefined;
  message: string | RegExp;
  details?: KubeStatus['details'];
}

/** The server's current resourceVersion and every object a refused request might have touched. */
async function storeState(): Promise<{ resourceVersion: string; objects: unknown[] }> {
  const paths = ['/api/v1/configmaps', '/api/v1/namespaces', DRPOLICIES];
  const lists = await Promise.all(paths.map((path) => send(api, path)));
  return {
    resourceVersion: server.store.currentResourceVersion(),
    objects: lists.map((list) => (list.json as { items: unknown[] }).items),
  };
}

/** Sends a request that must be refused as `expected`, and checks that the store did not change. */
async function expectRefused(path: string, request: TestRequest, expected: Refusal): Promise<KubeStatus> {
  const before = await storeState();
  const res = await send(api, path, request);
  expect(res.status).toBe(expected.code);
  expect(res.headers['content-type']).toBe('application/json');
  const status = res.json as KubeStatus;
  expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: expected.code });
  expect(status.reason).toBe(expected.reason);
  if (typeof expected.message === 'string') expect(status.message).toBe(expected.message);
  else expect(status.message).toMatch(expected.message);
  if (expected.details !== undefined) expect(status.details).toEqual(expected.details);
  expect(await storeState()).toEqual(before);
  return status;
}

function post(body: string, headers: Record<string, string> = JSON_TYPE): TestRequest {
  return { method: 'POST', headers, body };
}

describe('malformed bodies', () => {
  it('malformed JSON is a 400 naming the expected kind and summarizing the body', async () => {
    const unrecognized = (kind: string, summary: string) =>
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; ` +
      `json parse error: unexpected end of JSON input (${summary})`;
    await expectRefused(CONFIGMAPS, post('{"metadata":'), {
      code: 400,
      reason: 'BadRequest',
      message: unrecognized('ConfigMap', '{"metadata":'),
    });
    await expectRefused(DRPOLICIES, post('{"metadata":{"name":"p"},"spec":{"drClusters":["a",'), {
      code: 400,
      reason: 'BadRequest',
      message: unrecognized('DRPolicy', '{"metadata":{"name":"p"},"spec ...'),
    });
    await expectRefused(CONFIGMAPS, post(''), {
      code: 400,
      reason: 'BadRequest',
      message: unrecognized('ConfigMap', '<empty>'),
    });
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      { method: 'PUT', headers: JSON_TYPE, body: '{"data":' },
      {
        code: 400,
        reason: 'BadRequest',
        message: unrecognized('ConfigMap', '{"data":'),
      },
    );
  });

  it('a malformed merge or JSON patch is a 400', async () => {
    for (const type of ['application/merge-patch+json', 'application/json-patch+json']) {
      await expectRefused(
        `${CONFIGMAPS}/existing`,
        { method: 'PATCH', headers: { 'Content-Type': type }, body: '{"data":' },
        { code: 400, reason: 'BadRequest', message: 'error decoding patch: unexpected end of JSON input' },
      );
    }
  });

  it('malformed YAML in an apply patch is a 400 with the YAML error, for an existing and a new object', async () => {
    const yamlError = /^error decoding YAML: error converting YAML to JSON: yaml: line \d+: \S/;
    for (const name of ['existing', 'new-one']) {
      await expectRefused(
        `${CONFIGMAPS}/${name}?fieldManager=test`,
        { method: 'PATCH', headers: APPLY_TYPE, body: `metadata:\n  name: ${name}\ndata: [unclosed\n` },
        { code: 400, reason: 'BadRequest', message: yamlError },
      );
    }
    await expectRefused(
      `${DRPOLICIES}/p?fieldManager=test`,
      { method: 'PATCH', headers: APPLY_TYPE, body: 'spec:\n\tdrClusters: []\n' },
      { code: 400, reason: 'BadRequest', message: yamlError },
    );
  });
});

describe('content types', () => {
  it('an unknown content type is a 415 listing what the endpoint accepts', async () => {
    const unknownFormat = 'the body of the request was in an unknown format - accepted media types include: ';
    await expectRefused(CONFIGMAPS, post('x', { 'Content-Type': 'text/plain' }), {
      code: 415,
      reason: 'UnsupportedMediaType',
      message: `${unknownFormat}application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    });
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      { method: 'PUT', headers: { 'Content-Type': 'application/xml' }, body: '<a/>' },
      {
        code: 415,
        reason: 'UnsupportedMediaType',
        message: `${unknownFormat}application/json, application/yaml, application/vnd.kubernetes.protobuf`,
      },
    );
    // Custom resources have no protobuf form.
    await expectRefused(DRPOLICIES, post('x', { 'Content-Type': 'text/plain' }), {
      code: 415,
      reason: 'UnsupportedMediaType',
      message: `${unknownFormat}application/json, application/yaml`,
    });
    // A PATCH must say which patch it is; plain JSON is none of them.
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      { method: 'PATCH', headers: JSON_TYPE, body: '{}' },
      {
        code: 415,
        reason: 'UnsupportedMediaType',
        message:
          `${unknownFormat}application/json-patch+json, application/merge-patch+json, ` +
          'application/strategic-merge-patch+json, application/apply-patch+yaml',
      },
    );
    // Strategic merge needs Go struct tags, which custom resources do not have.
    await expectRefused(
      `${DRPOLICIES}/p`,
      { method: 'PATCH', headers: { 'Content-Type': 'application/strategic-merge-patch+json' }, body: '{}' },
      {
        code: 415,
        reason: 'UnsupportedMediaType',
        message: `${unknownFormat}application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      },
    );
  });
});

describe('unknown fields', () => {
  it('fieldValidation=Strict refuses unknown fields with a strict decoding error', async () => {
    await expectRefused(
      `${CONFIGMAPS}?fieldValidation=Strict`,
      post(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strict' }, bogus: 1 })),
      {
        code: 400,
        reason: 'BadRequest',
        message:
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
      },
    );
    const policy = {
      apiVersion: `${DRPolicyKind.group}/v1alpha1`,
      kind: 'DRPolicy',
      metadata: { name: 'strict' },
      spec: { drClusters: ['east', 'west'], schedulingInterval: '5m', foo: 1 },
    };
    await expectRefused(`${DRPOLICIES}?fieldValidation=Strict`, post(JSON.stringify(policy)), {
      code: 400,
      reason: 'BadRequest',
      message:
        'DRPolicy in version "v1alpha1" cannot be handled as a DRPolicy: strict decoding error: unknown field "spec.foo"',
    });
  });

  it('fieldValidation=Warn creates the object without the field and sends a Warning header', async () => {
    const before = server.store.currentResourceVersion();
    const res = await send(
      api,
      `${CONFIGMAPS}?fieldValidation=Warn`,
      post(JSON.stringify({ metadata: { name: 'warned', bogus: 2 }, data: { a: '1' }, bogus: 1 })),
    );
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe(
      '299 - "unknown field \\"bogus\\"", 299 - "unknown field \\"metadata.bogus\\""',
    );
    const created = res.json as { metadata: Record<string, unknown>; data: object };
    expect(created).not.toHaveProperty('bogus');
    expect(created.metadata).not.toHaveProperty('bogus');
    expect(created.data).toEqual({ a: '1' });
    expect(Number(server.store.currentResourceVersion())).toBe(Number(before) + 1);
  });
});

describe('size', () => {
  it('a body over 3 MiB is a 413, and the server goes on serving', async () => {
    const huge = (name: string) =>
      JSON.stringify({ metadata: { name }, data: { blob: 'x'.repeat(BODY_LIMIT) } });
    const tooLarge = {
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: `Request entity too large: limit is ${BODY_LIMIT}`,
    };
    await expectRefused(CONFIGMAPS, post(huge('huge')), tooLarge);
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      { method: 'PUT', headers: JSON_TYPE, body: huge('existing') },
      tooLarge,
    );
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: huge('existing'),
      },
      tooLarge,
    );
    expect((await send(api, `${CONFIGMAPS}/existing`)).status).toBe(200);
  });
});

describe('metadata', () => {
  it('an invalid name is a 422 with the DNS-1123 message', async () => {
    await expectRefused(CONFIGMAPS, post(JSON.stringify({ metadata: { name: 'Bad_Name' } })), {
      code: 422,
      reason: 'Invalid',
      message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${DNS1123_SUBDOMAIN}`,
      details: {
        name: 'Bad_Name',
        kind: 'ConfigMap',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: "Bad_Name": ${DNS1123_SUBDOMAIN}`,
            field: 'metadata.name',
          },
        ],
      },
    });
    const long = 'a'.repeat(254);
    await expectRefused(CONFIGMAPS, post(JSON.stringify({ metadata: { name: long } })), {
      code: 422,
      reason: 'Invalid',
      message: `ConfigMap "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 253 characters`,
    });
    // Namespaces are labels: no capitals, and no dots either.
    await expectRefused('/api/v1/namespaces', post(JSON.stringify({ metadata: { name: 'Bad' } })), {
      code: 422,
      reason: 'Invalid',
      message: `Namespace "Bad" is invalid: metadata.name: Invalid value: "Bad": ${DNS1123_LABEL}`,
    });
    await expectRefused('/api/v1/namespaces', post(JSON.stringify({ metadata: { name: 'bad.ns' } })), {
      code: 422,
      reason: 'Invalid',
      message: 'Namespace "bad.ns" is invalid: metadata.name: Invalid value: "bad.ns": must not contain dots',
    });
    const policy = {
      metadata: { name: 'Bad_Name' },
      spec: { drClusters: ['east', 'west'], schedulingInterval: '5m' },
    };
    await expectRefused(DRPOLICIES, post(JSON.stringify(policy)), {
      code: 422,
      reason: 'Invalid',
      message: `DRPolicy.${DRPolicyKind.group} "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${DNS1123_SUBDOMAIN}`,
    });
    await expectRefused(CONFIGMAPS, post(JSON.stringify({ metadata: {} })), {
      code: 422,
      reason: 'Invalid',
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    });
  });

  it('a resourceVersion on create is refused as the real storage layer does (500, no reason)', async () => {
    const message = 'resourceVersion should not be set on objects to be created';
    await expectRefused(
      CONFIGMAPS,
      post(JSON.stringify({ metadata: { name: 'copied', resourceVersion: '5' } })),
      {
        code: 500,
        reason: undefined,
        message,
      },
    );
    const policy = {
      metadata: { name: 'copied', resourceVersion: '5' },
      spec: { drClusters: ['east', 'west'], schedulingInterval: '5m' },
    };
    await expectRefused(DRPOLICIES, post(JSON.stringify(policy)), { code: 500, reason: undefined, message });
  });

  it('a namespace in the body that differs from the URL is a 400', async () => {
    const message = 'the namespace of the provided object does not match the namespace sent on the request';
    await expectRefused(
      CONFIGMAPS,
      post(JSON.stringify({ metadata: { name: 'moved', namespace: 'other' } })),
      {
        code: 400,
        reason: 'BadRequest',
        message,
      },
    );
    await expectRefused(
      `${CONFIGMAPS}/existing`,
      {
        method: 'PUT',
        headers: JSON_TYPE,
        body: JSON.stringify({ metadata: { name: 'existing', namespace: 'other' } }),
      },
      { code: 400, reason: 'BadRequest', message },
    );
  });

  it('a missing namespace is a 404 for the namespace; a create without one in the URL is a 405', async () => {
    await expectRefused(
      '/api/v1/namespaces/missing/configmaps',
      post(JSON.stringify({ metadata: { name: 'orphan' } })),
      {
        code: 404,
        reason: 'NotFound',
        message: 'namespaces "missing" not found',
        details: { name: 'missing', kind: 'namespaces' },
      },
    );
    await expectRefused(
      '/api/v1/configmaps',
      post(JSON.stringify({ metadata: { name: 'orphan', namespace: 'default' } })),
      {
        code: 405,
        reason: 'MethodNotAllowed',
        message: 'the server does not allow this method on the requested resource',
      },
    );
  });
});
