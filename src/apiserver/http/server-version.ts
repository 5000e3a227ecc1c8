/**
 * The version the embedded server reports on `/version` and in OpenAPI documents (kube-api.md §3.1). It claims
 * Kubernetes 1.32, the API level it implements, so kubectl 1.32 sees no version skew; `gitVersion` says it is the
 * embedded server.
 */

/** The Kubernetes release whose API the server implements. */
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-embedded' } as const;

/** The `version.Info` document of `GET /version`. */
export function versionInfo(): Record<string, string> {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: KUBERNETES_VERSION.gitVersion,
    gitCommit: 'embedded',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'n/a',
    compiler: 'n/a',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
