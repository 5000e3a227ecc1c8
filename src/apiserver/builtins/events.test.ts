import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import { type CoreEvent, eventResource } from './event.js';
import { type EventsEvent, eventsEventResource, fromCoreEvent, toCoreEvent } from './events-event.js';
import { fieldSelectorValue, selectableFields } from './field-selectors.js';

const context = { now: new Date('2024-05-01T12:00:00Z'), humanDuration };

const structured = (): EventsEvent => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'vrg.17a', namespace: 'apps' },
  eventTime: '2024-05-01T11:59:00.000000Z',
  reportingController: 'ramendr.openshift.io/vrg',
  reportingInstance: 'ramen-dr-cluster-0',
  action: 'Reconcile',
  reason: 'PrimaryReady',
  type: 'Normal',
  note: 'VolumeReplicationGroup is primary',
  regarding: { kind: 'VolumeReplicationGroup', namespace: 'apps', name: 'vrg', uid: 'u-1' },
});

describe('events.k8s.io/v1 events', () => {
  it('are stored as core events and read back unchanged', () => {
    const core = toCoreEvent(structured());
    expect(core).toMatchObject({
      apiVersion: 'v1',
      involvedObject: { kind: 'VolumeReplicationGroup', name: 'vrg' },
      message: 'VolumeReplicationGroup is primary',
      reportingComponent: 'ramendr.openshift.io/vrg',
    });
    expect(core).not.toHaveProperty('regarding');
    expect(fromCoreEvent(core)).toEqual(structured());
    expect(eventsEventResource.storage?.plural).toBe('events');
  });

  it('get the strict create validation', () => {
    const event = structured();
    expect(eventsEventResource.validate?.(event)).toEqual([]);
    delete event.reportingController;
    event.type = 'Info';
    event.deprecatedCount = 3;
    expect(eventsEventResource.validate?.(event).map(renderFieldError)).toEqual([
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'type: Invalid value: "": has invalid value: Info',
      'deprecatedCount: Invalid value: "": needs to be unset',
    ]);
  });

  it('are found by the field selectors kubectl describe sends', () => {
    const core = toCoreEvent(structured());
    expect(selectableFields(eventResource, core)).toMatchObject({
      'involvedObject.kind': 'VolumeReplicationGroup',
      'involvedObject.name': 'vrg',
      'involvedObject.uid': 'u-1',
      source: 'ramendr.openshift.io/vrg',
      type: 'Normal',
    });
    expect(fieldSelectorValue(eventsEventResource, structured(), 'regarding.name')).toBe('vrg');
  });
});

describe('core events', () => {
  const legacy = (): CoreEvent => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'apps' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'apps', fieldPath: 'spec.containers{web}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container ',
    type: 'Warning',
    count: 5,
    firstTimestamp: '2024-05-01T11:00:00Z',
    lastTimestamp: '2024-05-01T11:58:00Z',
    source: { component: 'kubelet', host: 'node-1' },
  });

  it('must be in the namespace of their object', () => {
    const event = legacy();
    expect(eventResource.validate?.(event)).toEqual([]);
    event.metadata.namespace = 'other';
    expect(eventResource.validate?.(event).map(renderFieldError)).toEqual([
      'involvedObject.namespace: Invalid value: "apps": does not match event.namespace',
    ]);
  });

  it('print LAST SEEN TYPE REASON OBJECT MESSAGE and the wide columns', () => {
    const cells = eventResource.printerColumns.map((column) => [column.name, column.cell(legacy(), context)]);
    expect(Object.fromEntries(cells)).toEqual({
      'Last Seen': '2m',
      Type: 'Warning',
      Reason: 'BackOff',
      Object: 'pod/web',
      Subobject: 'spec.containers{web}',
      Source: 'kubelet, node-1',
      Message: 'Back-off restarting failed container',
      'First Seen': '60m',
      Count: 5,
      Name: 'web.1',
    });
  });

  it('print a structured event through the same columns', () => {
    const cells = eventsEventResource.printerColumns
      .filter((column) => column.priority === 0)
      .map((column) => column.cell(structured(), context));
    expect(cells).toEqual([
      '60s',
      'Normal',
      'PrimaryReady',
      'volumereplicationgroup/vrg',
      'VolumeReplicationGroup is primary',
    ]);
  });
});
