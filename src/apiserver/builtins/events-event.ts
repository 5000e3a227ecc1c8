/**
 * Event (events.k8s.io/v1), §17.5: the newer event API, stored as core/v1 Events so that events an operator emits
 * here show up in `kubectl describe` and `kubectl get events`. The field mapping is apimachinery's conversion
 * (`regarding`↔`involvedObject`, `note`↔`message`, `reportingController`↔`reportingComponent`, `deprecated*`↔the
 * old fields); creates through this API get the strict validation.
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  Int32,
  invalidError,
  jsonEqual,
  type KindObject,
  NullableDateTime,
  ObjectReference,
  requiredError,
} from '../../api/index.js';
import type { BuiltinObject, BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { type CoreEvent, EVENT_TTL_SECONDS, eventPrinterColumns, legacyEventErrors } from './event.js';
import { firstMicroTimeError } from './wire-format.js';
import { immutableErrors } from './workload-validation.js';

/** The events.k8s.io/v1 Event kind's schema. */
export const EventsEventKind = defineKind({
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  scope: 'Namespaced',
  shortNames: ['ev'],
  description: 'A report of something that happened to an object (structured event API).',
  properties: {
    action: Type.Optional(Type.String({ description: 'What was done, or failed, about the object.' })),
    deprecatedCount: Type.Optional(Int32({ description: 'Legacy occurrence count.' })),
    deprecatedFirstTimestamp: Type.Optional(NullableDateTime({ description: 'Legacy first-seen time.' })),
    deprecatedLastTimestamp: Type.Optional(NullableDateTime({ description: 'Legacy last-seen time.' })),
    deprecatedSource: Type.Optional(
      Type.Object({ component: Type.Optional(Type.String()), host: Type.Optional(Type.String()) }),
    ),
    eventTime: Type.Optional(
      NullableDateTime({ description: 'When the event was first observed (MicroTime).' }),
    ),
    note: Type.Optional(Type.String({ description: 'Human-readable description, at most 1 KiB.' })),
    reason: Type.Optional(Type.String({ description: 'Why the action was taken.' })),
    regarding: Type.Optional(ObjectReference({ description: 'The object the event is about.' })),
    related: Type.Optional(ObjectReference({ description: 'A second object involved.' })),
    reportingController: Type.Optional(Type.String({ description: 'Controller that emitted the event.' })),
    reportingInstance: Type.Optional(Type.String({ description: 'Instance of that controller.' })),
    series: Type.Optional(
      Type.Object({
        count: Type.Optional(Int32({ description: 'Occurrences in the series.' })),
        lastObservedTime: Type.Optional(NullableDateTime({ description: 'Last occurrence (MicroTime).' })),
      }),
    ),
    type: Type.Optional(Type.String({ description: 'Normal or Warning.' })),
  },
});

/** An events.k8s.io/v1 Event object. */
export type EventsEvent = KindObject<typeof EventsEventKind>;

/** Pairs of (events.k8s.io/v1 field, core/v1 field) that only differ in name. */
const RENAMED: readonly (readonly [keyof EventsEvent & string, keyof CoreEvent & string])[] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

/** Copies `object` with its fields renamed by `pairs` (from → to) and the identity of the target API. */
function renamed(
  object: BuiltinObject,
  pairs: readonly (readonly [string, string])[],
  apiVersion: string,
): BuiltinObject {
  const out: BuiltinObject = { ...object, apiVersion, kind: 'Event' };
  for (const [from, to] of pairs) {
    delete out[from];
    if (object[from] !== undefined) out[to] = object[from];
  }
  return out;
}

/** An events.k8s.io/v1 Event as the core/v1 Event it is stored as. */
export function toCoreEvent(event: EventsEvent): CoreEvent {
  return renamed(event, RENAMED, 'v1') as CoreEvent;
}

/** A stored core/v1 Event as events.k8s.io/v1 serves it. */
export function fromCoreEvent(event: BuiltinObject): EventsEvent {
  const reversed = RENAMED.map(([v1, core]) => [core, v1] as const);
  return renamed(event, reversed, 'events.k8s.io/v1') as EventsEvent;
}

/** `validateV1EventSeries`. */
function seriesErrors(event: EventsEvent): FieldError[] {
  if (!event.series) return [];
  const errors: FieldError[] = [];
  if ((event.series.count ?? 0) < 2) errors.push(invalidError('series.count', '', 'should be at least 2'));
  if (!event.series.lastObservedTime) errors.push(requiredError('series.lastObservedTime'));
  return errors;
}

/** `ValidateEventCreate` for events.k8s.io/v1: legacy rules plus the strict ones. */
export function eventsEventCreateErrors(event: EventsEvent): FieldError[] {
  const errors = legacyEventErrors(toCoreEvent(event), 'reportingController');
  errors.push(...seriesErrors(event));
  if (!event.eventTime) errors.push(requiredError('eventTime'));
  if (event.type !== 'Normal' && event.type !== 'Warning') {
    errors.push(invalidError('type', '', `has invalid value: ${event.type ?? ''}`));
  }
  if (event.deprecatedFirstTimestamp)
    errors.push(invalidError('deprecatedFirstTimestamp', '', 'needs to be unset'));
  if (event.deprecatedLastTimestamp)
    errors.push(invalidError('deprecatedLastTimestamp', '', 'needs to be unset'));
  if (event.deprecatedCount) errors.push(invalidError('deprecatedCount', '', 'needs to be unset'));
  if (event.deprecatedSource?.component || event.deprecatedSource?.host) {
    errors.push(invalidError('deprecatedSource', '', 'needs to be unset'));
  }
  return errors;
}

/** Whether two MicroTime strings differ at microsecond precision. */
function differentMicroseconds(a: string | null | undefined, b: string | null | undefined): boolean {
  const micros = (t: string | null | undefined) => {
    if (!t) return 0;
    const fraction = /\.(\d+)/.exec(t)?.[1] ?? '';
    return Date.parse(t) * 1000 + (Number(fraction.padEnd(6, '0').slice(3, 6)) || 0);
  };
  return micros(a) !== micros(b);
}

/** `ValidateEventUpdate` for events.k8s.io/v1: most fields are immutable once the event exists. */
export function eventsEventUpdateErrors(event: EventsEvent, old: EventsEvent): FieldError[] {
  const next = toCoreEvent(event);
  const previous = toCoreEvent(old);
  const errors = legacyEventErrors(next, 'reportingController');
  if (!jsonEqual(event.series ?? null, old.series ?? null)) errors.push(...seriesErrors(event));
  const immutable: readonly (keyof CoreEvent & string)[] = [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'reason',
    'type',
  ];
  for (const field of immutable) errors.push(...immutableErrors(field, next[field], previous[field]));
  if (differentMicroseconds(next.eventTime, previous.eventTime)) {
    errors.push(...immutableErrors('eventTime', next.eventTime, previous.eventTime));
  }
  for (const field of ['action', 'related', 'reportingController', 'reportingInstance'] as const) {
    const key = field === 'reportingController' ? 'reportingComponent' : field;
    errors.push(...immutableErrors(field, next[key], previous[key]));
  }
  return errors;
}

/** The events.k8s.io/v1 Event built-in (stored as core/v1 events). */
export const eventsEventResource: BuiltinResource<EventsEvent> = defineBuiltin<EventsEvent>(EventsEventKind, {
  nameRule: 'dns1123-subdomain',
  allowCreateOnUpdate: true,
  ttlSeconds: EVENT_TTL_SECONDS,
  storage: { group: '', version: 'v1', plural: 'events', toStorage: toCoreEvent, fromStorage: fromCoreEvent },
  validate: eventsEventCreateErrors,
  validateUpdate: eventsEventUpdateErrors,
  decodeError: (event) => firstMicroTimeError(event.eventTime, event.series?.lastObservedTime),
  printerColumns: eventPrinterColumns<EventsEvent>(toCoreEvent),
  fieldSelectors: [
    { label: 'regarding.kind', value: (e) => e.regarding?.kind ?? '' },
    { label: 'regarding.namespace', value: (e) => e.regarding?.namespace ?? '' },
    { label: 'regarding.name', value: (e) => e.regarding?.name ?? '' },
    { label: 'regarding.uid', value: (e) => e.regarding?.uid ?? '' },
    { label: 'regarding.apiVersion', value: (e) => e.regarding?.apiVersion ?? '' },
    { label: 'regarding.resourceVersion', value: (e) => e.regarding?.resourceVersion ?? '' },
    { label: 'regarding.fieldPath', value: (e) => e.regarding?.fieldPath ?? '' },
    { label: 'reason', value: (e) => e.reason ?? '' },
    { label: 'reportingController', value: (e) => e.reportingController ?? '' },
    { label: 'type', value: (e) => e.type ?? '' },
  ],
});
