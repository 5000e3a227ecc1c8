/**
 * Service (core/v1): the defaults clients rely on (type ClusterIP, TCP ports whose targetPort is the port,
 * sessionAffinity None, traffic policies, single-stack IPv4 families), the DNS-1035 name rule, port and type
 * validation, allocated values (clusterIP(s), node ports) carried over when an update omits them and `may not change
 * once set` when it changes them, and kubectl's TYPE/CLUSTER-IP/EXTERNAL-IP/PORT(S) printer. Allocating cluster IPs
 * and node ports needs cluster-wide state and is the registry's job.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  duplicateError,
  type FieldError,
  FreeForm,
  forbiddenError,
  Int32,
  IntOrString,
  invalidError,
  type KindObject,
  List,
  notSupportedError,
  requiredError,
  StringMap,
  TypedString,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureObject } from './ensure.js';
import { goStringSlice } from './go-literals.js';
import { formatLabels } from './label-selector.js';
import { isDNS1123Subdomain } from './names.js';
import { conditionsByType, rootPatchMeta } from './patch-meta.js';
import { dns1123LabelErrors, enumErrors, portNameMessages, portNumberErrors } from './pod-spec-validation.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { StatusCondition } from './schemas/common.js';

/** The service types. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

const ServicePort = Type.Object({
  appProtocol: Type.Optional(Type.String({ description: 'Application protocol (e.g. kubernetes.io/h2c).' })),
  name: Type.Optional(Type.String({ description: 'Port name; required when there are several ports.' })),
  nodePort: Type.Optional(Int32({ description: 'Port on every node (NodePort, LoadBalancer).' })),
  port: Type.Optional(Int32({ description: 'Port the service exposes.' })),
  protocol: Type.Optional(
    TypedString<'TCP' | 'UDP' | 'SCTP'>({ description: 'TCP (default), UDP or SCTP.' }),
  ),
  targetPort: Type.Optional(IntOrString({ description: 'Pod port number or name; defaults to port.' })),
});

/** The Service kind's schema. */
export const ServiceKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  scope: 'Namespaced',
  shortNames: ['svc'],
  categories: ['all'],
  description: 'A stable address in front of a set of pods.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        allocateLoadBalancerNodePorts: Type.Optional(Type.Boolean()),
        clusterIP: Type.Optional(Type.String({ description: 'Virtual IP; None for a headless service.' })),
        clusterIPs: Type.Optional(List(Type.String(), { description: 'Virtual IPs, one per family.' })),
        externalIPs: Type.Optional(List(Type.String(), { description: 'Extra IPs routed to the service.' })),
        externalName: Type.Optional(Type.String({ description: 'DNS name of an ExternalName service.' })),
        externalTrafficPolicy: Type.Optional(Type.String({ description: 'Cluster or Local.' })),
        healthCheckNodePort: Type.Optional(Int32()),
        internalTrafficPolicy: Type.Optional(Type.String({ description: 'Cluster or Local.' })),
        ipFamilies: Type.Optional(List(Type.String(), { description: 'IPv4 and/or IPv6.' })),
        ipFamilyPolicy: Type.Optional(
          Type.String({ description: 'SingleStack, PreferDualStack or RequireDualStack.' }),
        ),
        loadBalancerClass: Type.Optional(Type.String()),
        loadBalancerIP: Type.Optional(Type.String()),
        loadBalancerSourceRanges: Type.Optional(List(Type.String())),
        ports: Type.Optional(List(ServicePort, { description: 'Ports the service exposes.' })),
        publishNotReadyAddresses: Type.Optional(Type.Boolean()),
        selector: Type.Optional(StringMap({ description: 'Labels of the pods behind the service.' })),
        sessionAffinity: Type.Optional(Type.String({ description: 'None (default) or ClientIP.' })),
        sessionAffinityConfig: Type.Optional(FreeForm()),
        trafficDistribution: Type.Optional(Type.String()),
        type: Type.Optional(
          TypedString<ServiceType>({
            description: 'ClusterIP (default), NodePort, LoadBalancer or ExternalName.',
          }),
        ),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        conditions: Type.Optional(List(StatusCondition())),
        loadBalancer: Type.Optional(
          Type.Object({
            ingress: Type.Optional(
              List(
                Type.Object({
                  hostname: Type.Optional(Type.String()),
                  ip: Type.Optional(Type.String()),
                  ipMode: Type.Optional(Type.String()),
                  ports: Type.Optional(List(FreeForm())),
                }),
              ),
            ),
          }),
        ),
      }),
    ),
  },
});

/** A Service object. */
export type Service = KindObject<typeof ServiceKind>;
type Spec = NonNullable<Service['spec']>;

const externallyAccessible = (spec: Spec) =>
  spec.type === 'LoadBalancer' ||
  spec.type === 'NodePort' ||
  (spec.type === 'ClusterIP' && !!spec.externalIPs?.length);

/** `SetDefaults_Service`. */
export function defaultService(service: Service): void {
  const spec = ensureObject(service, 'spec');
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = spec.sessionAffinityConfig?.clientIP as { timeoutSeconds?: number } | undefined;
    if (clientIP?.timeoutSeconds === undefined)
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= 'ClusterIP';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

const isHeadless = (spec: Spec) => spec.clusterIP === 'None';

/** The cluster-IP fields the real server fills without allocating: `clusterIPs` from `clusterIP`, IP families. */
function initializeClusterIPFields(spec: Spec): void {
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
  if (spec.type === 'ExternalName') return;
  const dualStackHeadless = isHeadless(spec) && !spec.selector;
  spec.ipFamilyPolicy ||= dualStackHeadless ? 'RequireDualStack' : 'SingleStack';
  if (!spec.ipFamilies?.length) {
    spec.ipFamilies = spec.ipFamilyPolicy === 'RequireDualStack' ? ['IPv4', 'IPv6'] : ['IPv4'];
  }
}

const needsNodePort = (spec: Spec) =>
  spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);

/** `patchAllocatedValues`: an update that omits allocated values keeps the stored ones. */
function carryOverAllocatedValues(service: Service, old: Service): void {
  const spec = ensureObject(service, 'spec');
  const oldSpec = old.spec ?? {};
  if (spec.type !== 'ExternalName' && oldSpec.type !== 'ExternalName') {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!spec.clusterIPs?.length && oldSpec.clusterIPs?.length) spec.clusterIPs = oldSpec.clusterIPs;
    if (!spec.ipFamilyPolicy && oldSpec.ipFamilyPolicy) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    if (!spec.ipFamilies?.length && oldSpec.ipFamilies?.length) spec.ipFamilies = oldSpec.ipFamilies;
  }
  if (needsNodePort(spec) && needsNodePort(oldSpec)) {
    const used = new Set((spec.ports ?? []).map((p) => p.nodePort).filter((p) => p));
    const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const port of spec.ports ?? []) {
      const previous = byName.get(port.name ?? '');
      if (!port.nodePort && previous && !used.has(previous)) port.nodePort = previous;
    }
  }
  if (spec.externalTrafficPolicy === 'Local' && oldSpec.externalTrafficPolicy === 'Local') {
    spec.healthCheckNodePort ||= oldSpec.healthCheckNodePort;
  }
}

function servicePortErrors(spec: Spec): FieldError[] {
  const ports = spec.ports ?? [];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const at = `spec.ports[${index}]`;
    if (ports.length > 1 && !port.name) errors.push(requiredError(`${at}.name`));
    else if (port.name) {
      errors.push(...dns1123LabelErrors(`${at}.name`, port.name));
      if (names.has(port.name)) errors.push(duplicateError(`${at}.name`, port.name));
      names.add(port.name);
    }
    errors.push(...portNumberErrors(`${at}.port`, port.port ?? 0));
    errors.push(...enumErrors(`${at}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    const target = port.targetPort;
    if (typeof target === 'number') errors.push(...portNumberErrors(`${at}.targetPort`, target));
    else if (typeof target === 'string') {
      errors.push(...portNameMessages(target).map((m) => invalidError(`${at}.targetPort`, target, m)));
    }
    if (spec.type === 'ClusterIP' && port.nodePort) {
      errors.push(forbiddenError(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  });
  return errors;
}

/** `ValidateService` (the part users hit): ports, type, session affinity, external name. */
export function serviceErrors(service: Service): FieldError[] {
  const spec = service.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.ports?.length && !isHeadless(spec) && spec.type !== 'ExternalName')
    errors.push(requiredError('spec.ports'));
  errors.push(...servicePortErrors(spec));
  if (!['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'].includes(spec.type ?? '')) {
    errors.push(
      notSupportedError('spec.type', spec.type ?? '', [
        'ClusterIP',
        'ExternalName',
        'LoadBalancer',
        'NodePort',
      ]),
    );
  }
  errors.push(...enumErrors('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.type === 'ExternalName') {
    const name = spec.externalName ?? '';
    if (!name) errors.push(requiredError('spec.externalName'));
    else
      errors.push(
        ...isDNS1123Subdomain(name.replace(/\.$/, '')).map((m) => invalidError('spec.externalName', name, m)),
      );
  }
  return errors;
}

/** `validateUpgradeDowngradeClusterIPs`: allocated cluster IPs may not change (outside ExternalName and headless). */
export function clusterIPUpdateErrors(service: Service, old: Service): FieldError[] {
  const spec = service.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const next = spec.clusterIPs ?? [];
  const previous = oldSpec.clusterIPs ?? [];
  const bad = goStringSlice(spec.clusterIPs);
  const errors: FieldError[] = [];
  if (next.length === previous.length) {
    previous.forEach((ip, index) => {
      if (ip !== next[index])
        errors.push(invalidError(`spec.clusterIPs[${index}]`, bad, 'may not change once set'));
    });
  } else if (previous.length > next.length) {
    if (next.length === 0)
      errors.push(invalidError('spec.clusterIPs[0]', bad, 'primary clusterIP can not be unset'));
    if (previous.length > 0 && next.length > 0 && next[0] !== previous[0]) {
      errors.push(invalidError('spec.clusterIPs[0]', bad, 'may not change once set'));
    }
  } else if (previous.length > 0 && next[0] !== previous[0]) {
    errors.push(invalidError('spec.clusterIPs[0]', bad, 'may not change once set'));
  }
  return errors;
}

/** `loadBalancerStatusStringer`: ingress IPs or host names; shortened to 16 characters unless wide. */
function loadBalancerAddresses(service: Service): string {
  const addresses = (service.status?.loadBalancer?.ingress ?? [])
    .map((ingress) => ingress.ip || ingress.hostname || '')
    .filter((address) => address !== '');
  return addresses.join(',');
}

/** `getServiceExternalIP` (wide form). */
export function serviceExternalIP(service: Service): string {
  const spec = service.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const balancer = loadBalancerAddresses(service);
      if (external.length) return [...(balancer ? balancer.split(',') : []), ...external].join(',');
      return balancer || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80/TCP,443:30443/TCP`. */
export function servicePorts(service: Service): string {
  const ports = (service.spec?.ports ?? []).map((port) =>
    port.nodePort
      ? `${port.port ?? 0}:${port.nodePort}/${port.protocol ?? ''}`
      : `${port.port ?? 0}/${port.protocol ?? ''}`,
  );
  return ports.length ? ports.join(',') : '<none>';
}

/** The Service built-in. */
export const serviceResource: BuiltinResource<Service> = defineBuiltin<Service>(ServiceKind, {
  subresources: [STATUS_SUBRESOURCE],
  nameRule: 'dns1035-label',
  returnsDeletedObject: true,
  allowCreateOnUpdate: true,
  defaults: defaultService,
  prepareForCreate(service) {
    service.status = {};
    initializeClusterIPFields(ensureObject(service, 'spec'));
  },
  prepareForUpdate(service, old) {
    carryOverAllocatedValues(service, old);
    initializeClusterIPFields(ensureObject(service, 'spec'));
  },
  validate: serviceErrors,
  validateUpdate: (service, old) => [...serviceErrors(service), ...clusterIPUpdateErrors(service, old)],
  printerColumns: [
    nameColumn<Service>(),
    column<Service>('Type', 'How the service is exposed.', (svc) => svc.spec?.type ?? ''),
    column<Service>(
      'Cluster-IP',
      'The virtual IP of the service.',
      (svc) => svc.spec?.clusterIPs?.[0] ?? '<none>',
    ),
    column<Service>('External-IP', 'Addresses reachable from outside the cluster.', serviceExternalIP),
    column<Service>('Port(s)', 'Ports the service exposes.', servicePorts),
    ageColumn<Service>(),
    column<Service>(
      'Selector',
      'Labels of the pods behind the service.',
      (svc) => formatLabels(svc.spec?.selector),
      {
        priority: 1,
      },
    ),
  ],
  patchMeta: rootPatchMeta({
    spec: { fields: { ports: { strategy: 'merge', mergeKey: 'port' } } },
    status: { fields: { conditions: conditionsByType } },
  }),
});
