/**
 * Event (core/v1), §17.5: the storage form of both event APIs. Legacy validation (namespaces must agree, new-style
 * events need reporting fields), the `involvedObject.*`/`reason`/`source`/`type` field selectors `kubectl describe`
 * uses, a one-hour TTL, create-on-PUT, and kubectl's LAST SEEN/TYPE/REASON/OBJECT/MESSAGE printer.
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  Int32,
  invalidError,
  type KindObject,
  NullableDateTime,
  ObjectReference,
  requiredError,
} from '../../api/index.js';
import type {
  BuiltinObject,
  BuiltinPrinterColumn,
  BuiltinResource,
  PrinterContext,
} from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { isDNS1123Subdomain, isQualifiedName } from './names.js';
import { column, translateTimestampSince } from './printer-helpers.js';
import { firstMicroTimeError } from './wire-format.js';

/** How long events live after their last write (`--event-ttl`). */
export const EVENT_TTL_SECONDS = 3600;

/** The core/v1 Event kind's schema. */
export const EventKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  scope: 'Namespaced',
  shortNames: ['ev'],
  description: 'A report of something that happened to an object.',
  properties: {
    action: Type.Optional(Type.String({ description: 'What was done, or failed, about the object.' })),
    count: Type.Optional(Int32({ description: 'How many times the event occurred.' })),
    eventTime: Type.Optional(
      NullableDateTime({ description: 'When the event was first observed (MicroTime).' }),
    ),
    firstTimestamp: Type.Optional(NullableDateTime({ description: 'When the event was first recorded.' })),
    involvedObject: Type.Optional(ObjectReference({ description: 'The object the event is about.' })),
    lastTimestamp: Type.Optional(NullableDateTime({ description: 'When the event was last recorded.' })),
    message: Type.Optional(Type.String({ description: 'Human-readable description.' })),
    reason: Type.Optional(Type.String({ description: 'Machine-readable reason, CamelCase.' })),
    related: Type.Optional(ObjectReference({ description: 'A second object involved.' })),
    reportingComponent: Type.Optional(Type.String({ description: 'Controller that emitted the event.' })),
    reportingInstance: Type.Optional(Type.String({ description: 'Instance of that controller.' })),
    series: Type.Optional(
      Type.Object({
        count: Type.Optional(Int32({ description: 'Occurrences in the series.' })),
        lastObservedTime: Type.Optional(NullableDateTime({ description: 'Last occurrence (MicroTime).' })),
      }),
    ),
    source: Type.Optional(
      Type.Object({
        component: Type.Optional(Type.String({ description: 'Component that emitted the event.' })),
        host: Type.Optional(Type.String({ description: 'Node name the event came from.' })),
      }),
    ),
    type: Type.Optional(Type.String({ description: 'Normal or Warning.' })),
  },
});

/** A core/v1 Event object. */
export type CoreEvent = KindObject<typeof EventKind>;

const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const INSTANCE_LIMIT = 128;
const NOTE_LIMIT = 1024;

function tooLongErrors(field: string, value: string | undefined, limit: number): FieldError[] {
  return (value ?? '').length > limit
    ? [invalidError(field, '', `can have at most ${limit} characters`)]
    : [];
}

/** The reporting fields a new-style event (with `eventTime`) must carry; `controllerField` names the API's field. */
function reportingErrors(event: CoreEvent, controllerField: string): FieldError[] {
  const errors: FieldError[] = [];
  const controller = event.reportingComponent ?? '';
  if (!controller) errors.push(requiredError(controllerField));
  errors.push(
    ...isQualifiedName(controller).map((message) => invalidError(controllerField, controller, message)),
  );
  if (!event.reportingInstance) errors.push(requiredError('reportingInstance'));
  errors.push(...tooLongErrors('reportingInstance', event.reportingInstance, INSTANCE_LIMIT));
  if (!event.action) errors.push(requiredError('action'));
  errors.push(...tooLongErrors('action', event.action, ACTION_LIMIT));
  if (!event.reason) errors.push(requiredError('reason'));
  errors.push(...tooLongErrors('reason', event.reason, REASON_LIMIT));
  errors.push(...tooLongErrors('message', event.message, NOTE_LIMIT));
  return errors;
}

/** Whether the involved object's namespace agrees with the event's (old-style events). */
function legacyNamespaceErrors(event: CoreEvent): FieldError[] {
  const namespace = event.metadata.namespace ?? '';
  const involved = event.involvedObject?.namespace ?? '';
  const agrees = involved === '' ? namespace === '' || namespace === 'default' : namespace === involved;
  return agrees ? [] : [invalidError('involvedObject.namespace', involved, 'does not match event.namespace')];
}

/**
 * `legacyValidateEvent`: old-style events (no `eventTime`) must be in their object's namespace; new-style ones
 * need the reporting fields. `controllerField` is `reportingComponent` for core/v1 requests and
 * `reportingController` for events.k8s.io/v1 ones.
 */
export function legacyEventErrors(event: CoreEvent, controllerField: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!event.eventTime) {
    errors.push(...legacyNamespaceErrors(event));
  } else {
    const namespace = event.metadata.namespace ?? '';
    if (!event.involvedObject?.namespace && namespace !== 'default' && namespace !== 'kube-system') {
      errors.push(
        invalidError(
          'involvedObject.namespace',
          event.involvedObject?.namespace ?? '',
          'does not match event.namespace',
        ),
      );
    }
    errors.push(...reportingErrors(event, controllerField));
  }
  const namespace = event.metadata.namespace ?? '';
  errors.push(
    ...isDNS1123Subdomain(namespace).map((message) => invalidError('namespace', namespace, message)),
  );
  return errors;
}

/** `formatEventSource`: component (or reporting controller), then `, host` (or instance) when known. */
function eventSource(event: CoreEvent): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function firstSeen(event: CoreEvent, context: PrinterContext): string {
  return event.firstTimestamp
    ? translateTimestampSince(event.firstTimestamp, context)
    : translateTimestampSince(event.eventTime, context);
}

function lastSeen(event: CoreEvent, context: PrinterContext): string {
  if (event.series) return translateTimestampSince(event.series.lastObservedTime, context);
  return event.lastTimestamp
    ? translateTimestampSince(event.lastTimestamp, context)
    : firstSeen(event, context);
}

function eventCount(event: CoreEvent): number {
  if (event.series) return event.series.count ?? 0;
  return event.count || 1;
}

function eventTarget(event: CoreEvent): string {
  const kind = (event.involvedObject?.kind ?? '').toLowerCase();
  return event.involvedObject?.name ? `${kind}/${event.involvedObject.name}` : kind;
}

/** kubectl's event columns over a core event; `view` turns the served object into one (identity for core/v1). */
export function eventPrinterColumns<T extends BuiltinObject>(
  view: (object: T) => CoreEvent,
): BuiltinPrinterColumn<T>[] {
  const on =
    (cell: (event: CoreEvent, context: PrinterContext) => string | number) =>
    (object: T, context: PrinterContext) =>
      cell(view(object), context);
  return [
    column<T>('Last Seen', 'Time since the event was last observed.', on(lastSeen)),
    column<T>(
      'Type',
      'Normal or Warning.',
      on((e) => e.type ?? ''),
    ),
    column<T>(
      'Reason',
      'Why the event was emitted.',
      on((e) => e.reason ?? ''),
    ),
    column<T>('Object', 'The object the event is about.', on(eventTarget)),
    column<T>(
      'Subobject',
      'The part of the object (field path).',
      on((e) => e.involvedObject?.fieldPath ?? ''),
      { priority: 1 },
    ),
    column<T>('Source', 'Component that reported the event.', on(eventSource), { priority: 1 }),
    column<T>(
      'Message',
      'Human-readable description.',
      on((e) => (e.message ?? '').trim()),
    ),
    column<T>('First Seen', 'Time since the event was first observed.', on(firstSeen), { priority: 1 }),
    column<T>('Count', 'How many times the event occurred.', on(eventCount), { priority: 1 }),
    {
      ...column<T>(
        'Name',
        'Name of the event object.',
        on((e) => e.metadata.name ?? ''),
        { priority: 1 },
      ),
      format: 'name',
    },
  ];
}

/** The core/v1 Event built-in. */
export const eventResource: BuiltinResource<CoreEvent> = defineBuiltin<CoreEvent>(EventKind, {
  nameRule: 'dns1123-subdomain',
  allowCreateOnUpdate: true,
  ttlSeconds: EVENT_TTL_SECONDS,
  validate: (event) => legacyEventErrors(event, 'reportingComponent'),
  validateUpdate: (event) => legacyEventErrors(event, 'reportingComponent'),
  decodeError: (event) => firstMicroTimeError(event.eventTime, event.series?.lastObservedTime),
  printerColumns: eventPrinterColumns<CoreEvent>((event) => event),
  fieldSelectors: [
    { label: 'involvedObject.kind', value: (e) => e.involvedObject?.kind ?? '' },
    { label: 'involvedObject.namespace', value: (e) => e.involvedObject?.namespace ?? '' },
    { label: 'involvedObject.name', value: (e) => e.involvedObject?.name ?? '' },
    { label: 'involvedObject.uid', value: (e) => e.involvedObject?.uid ?? '' },
    { label: 'involvedObject.apiVersion', value: (e) => e.involvedObject?.apiVersion ?? '' },
    { label: 'involvedObject.resourceVersion', value: (e) => e.involvedObject?.resourceVersion ?? '' },
    { label: 'involvedObject.fieldPath', value: (e) => e.involvedObject?.fieldPath ?? '' },
    { label: 'reason', value: (e) => e.reason ?? '' },
    { label: 'reportingComponent', value: (e) => e.reportingComponent ?? '' },
    { label: 'source', value: (e) => e.source?.component || e.reportingComponent || '' },
    { label: 'type', value: (e) => e.type ?? '' },
  ],
});
