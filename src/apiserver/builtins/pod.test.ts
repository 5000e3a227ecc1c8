import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import type { PrinterContext } from './builtin-resource.js';
import { fieldSelectorValue, UnsupportedFieldLabelError } from './field-selectors.js';
import { POD_UPDATE_FORBIDDEN_MESSAGE, type Pod, podQOSClass, podResource } from './pod.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const context: PrinterContext = { now: new Date(NOW), humanDuration };

function pod(overrides: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'apps', creationTimestamp: '2024-05-01T11:55:00Z' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    ...overrides,
  };
}

function created(object: Pod): Pod {
  podResource.defaults?.(object);
  podResource.prepareForCreate?.(object, { now: new Date(NOW) });
  return object;
}

function cells(object: Pod): Record<string, unknown> {
  return Object.fromEntries(
    podResource.printerColumns.map((column) => [column.name, column.cell(object, context)]),
  );
}

describe('pod defaults and admission', () => {
  it('fills the PodSpec and container defaults clients rely on', () => {
    const object = created(
      pod({ spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } }),
    );
    expect(object.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(object.spec?.containers?.[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    expect(object.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(object.spec?.tolerations?.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
  });

  it('pulls a tagged image only if not present and keeps an explicit policy', () => {
    const object = created(
      pod({
        spec: {
          containers: [
            { name: 'a', image: 'registry:5000/app:1.0' },
            { name: 'b', image: 'app@sha256:abc' },
            { name: 'c', image: 'app:latest', imagePullPolicy: 'Never' },
          ],
        },
      }),
    );
    expect(object.spec?.containers?.map((c) => c.imagePullPolicy)).toEqual([
      'IfNotPresent',
      'IfNotPresent',
      'Never',
    ]);
  });

  it('defaults probes, volumes and requests from limits', () => {
    const object = pod({
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1',
            livenessProbe: { httpGet: { port: 8080 } },
            resources: { limits: { cpu: '1', memory: '1Gi' } },
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch' }],
      },
    });
    podResource.defaults?.(object);
    expect(object.spec?.containers?.[0]?.livenessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(object.spec?.containers?.[0]?.resources?.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(object.spec?.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(podQOSClass(object.spec)).toBe('Guaranteed');
  });
});

describe('pod validation', () => {
  it('reports missing containers and images with Kubernetes messages', () => {
    expect(podResource.validate?.(created(pod({ spec: {} }))).map(renderFieldError)).toEqual([
      'spec.containers: Required value',
    ]);
    const object = created(pod({ spec: { containers: [{ name: 'Web' }] } }));
    expect(podResource.validate?.(object).map(renderFieldError)).toEqual([
      "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].image: Required value',
    ]);
  });

  it('reports mounts of unknown volumes and duplicate container names', () => {
    const object = created(
      pod({
        spec: {
          containers: [
            { name: 'web', image: 'a:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
            { name: 'web', image: 'b:1' },
          ],
        },
      }),
    );
    expect(podResource.validate?.(object).map(renderFieldError)).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.containers[1].name: Duplicate value: "web"',
    ]);
  });

  it('allows an image change but forbids other spec changes on update', () => {
    const old = created(pod());
    const newImage = structuredClone(old);
    newImage.spec!.containers![0]!.image = 'nginx:1.28';
    expect(podResource.validateUpdate?.(newImage, old)).toEqual([]);
    const newPort = structuredClone(old);
    newPort.spec!.containers![0]!.ports = [{ containerPort: 81, protocol: 'TCP' }];
    expect(podResource.validateUpdate?.(newPort, old).map(renderFieldError)).toEqual([
      `spec: Forbidden: ${POD_UPDATE_FORBIDDEN_MESSAGE}`,
    ]);
    const extra = structuredClone(old);
    extra.spec!.containers!.push({
      name: 'side',
      image: 'busybox:1',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'Never',
    });
    expect(podResource.validateUpdate?.(extra, old).map(renderFieldError)).toContain(
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    );
  });
});

describe('pod printer', () => {
  it('shows a pending pod as 0/1 Pending with no restarts', () => {
    expect(cells(created(pod()))).toMatchObject({
      Name: 'web-0',
      Ready: '0/1',
      Status: 'Pending',
      Restarts: '0',
      Age: '5m',
    });
  });

  it('shows a running ready pod and its wide cells', () => {
    const object = created(pod());
    object.spec!.nodeName = 'node-1';
    object.status = {
      phase: 'Running',
      podIPs: [{ ip: '10.0.0.7' }],
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2024-05-01T11:56:00Z' } },
        },
      ],
    };
    expect(cells(object)).toEqual({
      Name: 'web-0',
      Ready: '1/1',
      Status: 'Running',
      Restarts: '0',
      Age: '5m',
      IP: '10.0.0.7',
      Node: 'node-1',
      'Nominated Node': '<none>',
      'Readiness Gates': '<none>',
    });
  });

  it('shows the waiting reason and how long ago the last restart was', () => {
    const object = created(pod());
    object.status = {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:58:30Z' } },
        },
      ],
    };
    expect(cells(object)).toMatchObject({
      Ready: '0/1',
      Status: 'CrashLoopBackOff',
      Restarts: '4 (90s ago)',
    });
  });

  it('shows init progress, terminating pods and completed row conditions', () => {
    const init = created(
      pod({
        spec: {
          initContainers: [{ name: 'setup', image: 'busybox:1' }],
          containers: [{ name: 'web', image: 'nginx:1' }],
        },
      }),
    );
    init.status = { phase: 'Pending', initContainerStatuses: [{ name: 'setup', state: { running: {} } }] };
    expect(cells(init).Status).toBe('Init:0/1');

    const deleting = created(pod());
    deleting.metadata.deletionTimestamp = '2024-05-01T11:59:00Z';
    expect(cells(deleting).Status).toBe('Terminating');

    const done = created(pod());
    done.status = { phase: 'Succeeded' };
    expect(podResource.rowConditions?.(done)).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });
});

describe('pod field selectors', () => {
  it('extracts spec.nodeName, status.phase and the namespace', () => {
    const object = created(pod());
    object.spec!.nodeName = 'node-1';
    expect(fieldSelectorValue(podResource, object, 'spec.nodeName')).toBe('node-1');
    expect(fieldSelectorValue(podResource, object, 'status.phase')).toBe('Pending');
    expect(fieldSelectorValue(podResource, object, 'spec.hostNetwork')).toBe('false');
    expect(fieldSelectorValue(podResource, object, 'metadata.namespace')).toBe('apps');
    expect(() => fieldSelectorValue(podResource, object, 'spec.image')).toThrow(UnsupportedFieldLabelError);
  });
});
