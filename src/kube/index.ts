/**
 * @module kube
 *
 * Talking to Kubernetes API servers in plain JSON: `ClusterClient` (typed get/list/create/update/updateStatus/
 * patch/delete/watch for any kind, declared kinds by their `KindDefinition` and built-in kinds by group/version/
 * plural), typed errors carrying the `Status` body, label selectors, MicroTime, and one client per kubeconfig
 * context so one process can talk to several clusters.
 *
 * @example
 * const clusters = openClusterClients({ path: kubeconfigPath, contexts: ['hub', 'dr1'] });
 * const hub = clusters.get('hub')!;
 * const policy = await hub.get(DRPolicyKind, { name: 'dr-policy' });
 * await hub.patch(DRPolicyKind, { name: 'dr-policy' }, { type: 'merge', patch: { metadata: { labels: { a: 'b' } } } });
 */
export * from './builtin-resources.js';
export * from './client-node-client.js';
export * from './cluster-client.js';
export * from './errors.js';
export * from './kube-object.js';
export * from './kubeconfig.js';
export * from './label-selector.js';
export * from './micro-time.js';
export * from './resource-ref.js';
