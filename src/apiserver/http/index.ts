/**
 * @module apiserver/http
 *
 * The HTTP(S) face of the embedded API server: routing, content negotiation (JSON, Table, aggregated discovery),
 * request bodies (JSON, YAML, protobuf), discovery, OpenAPI v3, watch streaming, pod logs, bearer-token
 * authentication, the self-signed serving certificate and kubeconfigs. `startApiServer` composes a store, the
 * registry and an HTTPS server that kubectl and client-node use as a real cluster.
 *
 * @example
 * const server = await startApiServer({ stateDir: '.ramen/env/hub', name: 'hub' });
 * // kubectl --kubeconfig .ramen/env/hub/kubeconfig get ns
 * await server.stop();
 */
export {
  type ApiServerOptions,
  ApiServerStartError,
  type ManagedRegistry,
  type RegistryFactory,
  type RunningApiServer,
  startApiServer,
} from './api-server.js';
export { generateToken, hasBearerToken, isPublicPath, loadOrCreateToken } from './auth.js';
export { ApiHandler, type ApiHandlerOptions } from './handler.js';
export {
  buildKubeconfig,
  type Kubeconfig,
  KubeconfigError,
  mergeKubeconfigFiles,
  mergeKubeconfigs,
  readKubeconfig,
  renderKubeconfig,
  type ServerCredentials,
  writeKubeconfig,
} from './kubeconfig.js';
export { type ResourceRoute, type Route, routeRequest } from './route.js';
export { KUBERNETES_VERSION } from './server-version.js';
export { loadOrCreateServingCertificate, type ServingCertificate, ServingCertificateError } from './tls.js';
