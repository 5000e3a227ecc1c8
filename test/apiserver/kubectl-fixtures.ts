/**
 * The fixtures of the kubectl conformance script (kube-api.md §21): the Widget CRD (group `example.com`, short name
 * `wd`, categories `all` and `dr`, status subresource, printer columns Size, Phase, Age and the wide-only Color, a
 * defaulted and bounded `spec.size` with a CEL rule, and a `spec.extra` that keeps unknown fields), the widgets,
 * config maps and the other objects the steps apply.
 */

/** `crd.yaml`. */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    listKind: WidgetList
    shortNames: [wd]
    categories: [all, dr]
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
      additionalPrinterColumns:
        - name: Size
          type: integer
          jsonPath: .spec.size
        - name: Phase
          type: string
          jsonPath: .status.phase
        - name: Age
          type: date
          jsonPath: .metadata.creationTimestamp
        - name: Color
          type: string
          priority: 1
          jsonPath: .spec.color
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: self.size <= 10
                  message: size must be <= 10
              properties:
                size:
                  type: integer
                  default: 1
                  maximum: 10
                color:
                  type: string
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
            status:
              type: object
              properties:
                phase:
                  type: string
                conditions:
                  type: array
                  items:
                    type: object
                    properties:
                      type: {type: string}
                      status: {type: string}
                      reason: {type: string}
                      message: {type: string}
                      lastTransitionTime: {type: string, format: date-time}
`;

/** `w1.yaml` with the given size (3 at first, 4 for the re-apply). */
export function widgetW1(size: number): string {
  return `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  labels:
    app: demo
    tier: a
spec:
  size: ${size}
  color: red
`;
}

/** A widget with a free-form spec (`w-bad.yaml`, `w-unknown.yaml`, `w-nosize.yaml`). */
export function widget(name: string, specYaml: string): string {
  return `apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
spec:
${specYaml}`;
}

/** `cm1.yaml` / `cm1-changed.yaml`. */
export function configMapCm1(value: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
data:
  a: "${value}"
`;
}

/** `set-size-8.sh`: the editor `kubectl edit` runs; it sets the widget's size to 8 in place. */
export const SET_SIZE_8_EDITOR = `#!/bin/sh
sed -i 's/^  size: .*/  size: 8/' "$1"
`;

/** A config map owned by another config map (garbage-collection steps). */
export function ownedConfigMap(
  name: string,
  owner: { name: string; uid: string },
  options: { finalizer?: string; blockOwnerDeletion?: boolean } = {},
): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${options.finalizer ? `  finalizers: [${options.finalizer}]\n` : ''}  ownerReferences:
    - apiVersion: v1
      kind: ConfigMap
      name: ${owner.name}
      uid: ${owner.uid}
${options.blockOwnerDeletion ? '      blockOwnerDeletion: true\n' : ''}`;
}

/** `ns-drtest-with-cm.yaml`: a namespace with a config map whose finalizer keeps the namespace terminating. */
export const NAMESPACE_DRTEST_WITH_CM = `apiVersion: v1
kind: Namespace
metadata:
  name: drtest
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  namespace: drtest
  finalizers: [example.com/hold]
data:
  a: "1"
`;

/** `cm.yaml`: a config map without namespace (created with `-n`). */
export const CONFIG_MAP_LATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: late
data:
  a: "1"
`;

/** `lease.yaml`: a renew time with the six fractional digits of a MicroTime. */
export const LEASE = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: l1
spec:
  holderIdentity: a
  renewTime: "2025-01-01T00:00:00.000000Z"
`;

/** `event-v1.yaml`: an events.k8s.io/v1 Event about a widget. */
export function eventAbout(widgetName: string, uid: string): string {
  return `apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: ${widgetName}.ev1
eventTime: "2025-01-01T00:00:00.000000Z"
reportingController: example.com/widget-controller
reportingInstance: widget-controller-1
action: Reconcile
reason: Resized
note: size was defaulted
type: Normal
regarding:
  apiVersion: example.com/v1
  kind: Widget
  name: ${widgetName}
  namespace: default
  uid: ${uid}
`;
}

/** `secret-stringdata.yaml`. */
export const SECRET_STRING_DATA = `apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  user: admin
`;
