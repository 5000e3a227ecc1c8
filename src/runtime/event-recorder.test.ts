import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, EventResource } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { EventRecorder } from './event-recorder.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer();
  client = env.client();
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

describe('EventRecorder', () => {
  it('writes core/v1 Events in the background and counts repeats on one Event', async () => {
    const subject = await client.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'subject' },
    });
    const recorder = new EventRecorder(client, { component: 'tester', instance: 'test-host' });
    recorder.event(subject, 'Normal', 'Synced', 'all good');
    recorder.event(subject, 'Normal', 'Synced', 'all good');
    recorder.event(subject, 'Warning', 'Failed', `${'x'.repeat(2000)}`);
    recorder.event(subject, 'Normal', 'Synced', 'all good');
    await recorder.flush();
    const events = (await client.list(EventResource, { namespace: 'default' })).items.filter(
      (e) => e.involvedObject.name === 'subject',
    );
    expect(events).toHaveLength(2);
    const synced = events.find((e) => e.reason === 'Synced');
    expect(synced).toMatchObject({
      type: 'Normal',
      message: 'all good',
      count: 3,
      source: { component: 'tester', host: 'test-host' },
      reportingComponent: 'tester',
      involvedObject: { kind: 'ConfigMap', namespace: 'default', uid: subject.metadata.uid },
    });
    expect(synced?.metadata.name).toMatch(/^subject\.[0-9a-f]+$/);
    const failed = events.find((e) => e.reason === 'Failed');
    expect(failed?.message).toHaveLength(1024);
  });

  it('creates a new Event when the remembered one is gone', async () => {
    const subject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'expired', uid: 'u' },
    };
    const recorder = new EventRecorder(client, { component: 'tester' });
    recorder.event(subject, 'Normal', 'Ping', 'once');
    await recorder.flush();
    const first = (await client.list(EventResource, { namespace: 'default' })).items.find(
      (e) => e.involvedObject.name === 'expired',
    );
    await client.delete(EventResource, { namespace: 'default', name: first?.metadata.name ?? '' });
    recorder.event(subject, 'Normal', 'Ping', 'once');
    await recorder.flush();
    const again = (await client.list(EventResource, { namespace: 'default' })).items.filter(
      (e) => e.involvedObject.name === 'expired',
    );
    expect(again).toHaveLength(1);
    expect(again[0]?.count).toBe(1);
    expect(again[0]?.metadata.name).not.toBe(first?.metadata.name);
  });
});
