/**
 * Kubernetes' ordering of API versions ("kube-aware version priority"), which decides the preferred version of a
 * group in discovery: GA before beta before alpha, higher major first, then higher minor; versions that do not look
 * like `v<N>[alpha|beta<M>]` come last, alphabetically.
 */

interface ParsedVersion {
  /** 3 = GA, 2 = beta, 1 = alpha, 0 = not a Kubernetes-style version. */
  stability: number;
  major: number;
  minor: number;
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function parseVersion(version: string): ParsedVersion {
  const match = KUBE_VERSION.exec(version);
  if (match === null) return { stability: 0, major: 0, minor: 0 };
  const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return { stability, major: Number(match[1]), minor: Number(match[3] ?? 0) };
}

/** Sort comparator: negative when `a` is preferred over `b`. */
export function compareVersionPriority(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa.stability !== pb.stability) return pb.stability - pa.stability;
  if (pa.stability === 0) return a < b ? -1 : a > b ? 1 : 0;
  return pb.major - pa.major || pb.minor - pa.minor;
}
