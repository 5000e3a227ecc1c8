import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, ConflictError, isNotFound } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { RequestCounter } from '../kube/testing/request-counter.js';
import { addFinalizer, hasFinalizer, isBeingDeleted, removeFinalizer } from './finalizers.js';

let env: TestApiServer;
let client: ClusterClient;
const counter = new RequestCounter();

beforeAll(async () => {
  env = await startTestApiServer({ onRequest: counter.onRequest });
  client = env.client();
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

describe('finalizer helpers', () => {
  it('add and remove idempotently, writing only when something changes', async () => {
    const created = await client.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'fin', finalizers: ['other.io/keep'] },
    });
    const mark = counter.mark();
    const added = await addFinalizer(client, ConfigMapResource, created, 'test.io/mine');
    expect(added.metadata.finalizers).toEqual(['other.io/keep', 'test.io/mine']);
    expect(await addFinalizer(client, ConfigMapResource, added, 'test.io/mine')).toBe(added);
    expect(counter.writesSince(mark)).toHaveLength(1);
    await client.delete(ConfigMapResource, { namespace: 'default', name: 'fin' });
    const deleting = await client.get(ConfigMapResource, { namespace: 'default', name: 'fin' });
    expect(isBeingDeleted(deleting)).toBe(true);
    const removed = await removeFinalizer(client, ConfigMapResource, deleting, 'test.io/mine');
    expect(removed.metadata.finalizers).toEqual(['other.io/keep']);
    expect(hasFinalizer(removed, 'test.io/mine')).toBe(false);
    const last = await removeFinalizer(client, ConfigMapResource, removed, 'other.io/keep');
    expect(last.metadata.finalizers ?? []).toEqual([]);
    const gone = await client
      .get(ConfigMapResource, { namespace: 'default', name: 'fin' })
      .catch((e: unknown) => e);
    expect(isNotFound(gone)).toBe(true);
  });

  it("refuses a stale copy with ConflictError instead of overwriting another writer's finalizers", async () => {
    const stale = await client.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'fin-stale' },
    });
    await addFinalizer(client, ConfigMapResource, stale, 'other.io/first');
    await expect(addFinalizer(client, ConfigMapResource, stale, 'test.io/second')).rejects.toBeInstanceOf(
      ConflictError,
    );
    const current = await client.get(ConfigMapResource, { namespace: 'default', name: 'fin-stale' });
    expect(current.metadata.finalizers).toEqual(['other.io/first']);
  });
});
